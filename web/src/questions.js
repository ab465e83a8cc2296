// The start panel: five questions an official brings to the map, each opening
// the layer that answers it, with a short note on how to read it.

export const QUESTIONS = [
  {
    id: 'population',
    short: { ja: '将来人口', en: 'Population' },  // the phone's question bar
    layer: 'population-change',
    year: 2050,
    title: { ja: '人口はどう変わるか', en: 'How will the population change?' },
    reading: {
      ja: [
        '2020年の人口と比べた増減率です。赤が濃いほど減少が大きく、−50%以下は人口が半分以下になる地域、青は増える地域です。',
        '出典は国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5年推計）」（基準は2020年国勢調査）。スライダーで2025〜2050年を切り替えられます。',
        'これまでの出生・死亡・転出入の傾向が続くと仮定した推計で、今後の施策や開発の効果は含みません。浜通り13市町村は一体で推計されています。',
      ],
      en: [
        'Change from the 2020 population. Deeper red means a steeper decline (−50 % or below: the population more than halves); blue areas grow.',
        'Source: IPSS regional population projections (2023), based on the 2020 census. Use the slider to move between 2025 and 2050.',
        'The projection assumes that past trends in births, deaths and migration continue; it does not include the effect of future policies or development. The 13 Hamadori municipalities are projected as one area.',
      ],
    },
  },
  {
    id: 'services',
    short: { ja: '生活サービス', en: 'Services' },  // the phone's question bar
    layer: 'facility-risk',
    facility: 'hospital',
    year: 2050,
    title: { ja: '生活サービスは維持できるか', en: 'Can everyday services be kept?' },
    reading: {
      ja: [
        '現在一般病院がある市町村のうち、2050年の推計人口では「病院が1つ以上ある確率」が50%を下回る地域を、下回る幅の大きさで赤く示します。薄い色はリスクなし、ベージュは現在病院がない市町村です。',
        '人口規模と施設の有無の関係を統計センターSSDSE-Aの施設数から推定し、社人研2023年推計の人口に当てはめた目安です。施設の種類と年は切り替えられます。',
        '個々の病院の経営状況や、近隣の市町村の病院への通いやすさは考慮していません。閉院を予測するものではありません。',
      ],
      en: [
        'Among municipalities that have a general hospital today, red marks those whose chance of having at least one falls below 50 % at their projected 2050 population, deeper the further below. Pale: not at risk; beige: none today.',
        'A guide: the link between population size and having the facility is estimated from facility counts in SSDSE-A (NSTAC) and applied to the IPSS 2023 projection. Facility type and year can be changed.',
        'It ignores the finances of each hospital and how easily people reach one in a neighbouring municipality. It does not predict closures.',
      ],
    },
  },
  {
    id: 'it',
    short: { ja: 'IT人材', en: 'IT talent' },  // the phone's question bar
    layer: 'it-residents',
    title: { ja: 'IT人材はどこにいるか', en: 'Where is the IT talent?' },
    reading: {
      ja: [
        '住んでいる場所でみた、情報通信業で働く人の多さ（就業者千人あたり）です。色が濃いほど、IT関係の仕事をする人が多く住んでいます。',
        '出典は総務省統計局「令和2年国勢調査」（2020年）。働く場所でみるには、指標を「情報通信業の従業者」に切り替えてください。',
        '業種による分類のため、ほかの業種の企業で働くIT技術者や、フリーランス・副業の人材は十分に表れません。',
      ],
      en: [
        'Residents who work in information and communications, per 1,000 employed residents, counted where they live. Darker areas are home to more people in IT work.',
        'Source: 2020 census (Statistics Bureau of Japan). To see where the jobs are, switch the indicator to "ICT employees".',
        'The count is by industry: IT engineers working for firms in other industries, freelancers and side jobs are largely missing.',
      ],
    },
  },
  {
    id: 'flows',
    short: { ja: '人の流れ', en: 'Migration' },  // the phone's question bar
    flow: true,
    layer: 'population-change',  // under the lines when the server has no net-migration layer
    title: { ja: '人はどこへ動くか', en: 'Where do people move?' },
    reading: {
      ja: [
        '線は都道府県の間を移った人の数で、太いほど多く、矢印の先が移動先です。背景の色は転入超過率で、青は転入が転出を上回る地域、赤は転出が上回る地域です。',
        '出典は総務省統計局「住民基本台帳人口移動報告」（2025年）。「流れの表し方」で純移動・一つの都道府県・地域ブロック間に切り替えられます。',
        '住民票を移さない移動（通勤・通学、単身赴任など）や、移動の理由・年齢はこの地図からは分かりません。市区町村単位の移動も表れません。',
      ],
      en: [
        'Lines show how many people moved between prefectures: the thicker, the more; arrows point to the destination. Underneath, blue prefectures gained more people than they lost, red ones lost more.',
        'Source: Report on Internal Migration, Basic Resident Register (Statistics Bureau of Japan), 2025. "Flows shown" switches to net flows, one prefecture, or flows between regional blocs.',
        'Moves without a change of registered address (commuting, students, posted workers), and the reasons for moving or the movers\' ages, are not shown; nor are moves within a prefecture.',
      ],
    },
  },
  {
    id: 'industry',
    short: { ja: '稼ぐ力', en: 'Industries' },  // the phone's question bar
    layer: 'industry-top',
    title: { ja: '地域の稼ぐ力はどこにあるか', en: 'Where does the region earn its living?' },
    reading: {
      ja: [
        '色は、その地域の従業者の5%以上を占める産業のうち、特化係数（全国比）が最も高い産業です。特化係数は「その地域で働く人に占める産業の割合 ÷ 全国の割合」で、2なら全国の2倍その産業に集中しています。地域をクリックすると上位3産業の特化係数と割合が出ます。',
        '出典は統計センター SSDSE-A 2025 に収録された総務省・経済産業省「令和3年経済センサス‐活動調査」（2021年6月時点）の民営事業所の従業者数。付加価値は市町村別に揃わないため、誰でも確かめられる従業者数で比べています。指標を「特化係数」「従業者の割合」に切り替えると産業ごとに、表示単位を都道府県・ブロックにすると広域で見られます。',
        '2021年はコロナ禍の最中で、宿泊・飲食などの従業者は平時より少ない可能性があります。公務や個人経営の農林漁家は含まず、本社に計上される従業者もあります。財政（経常収支比率・実質公債費比率・1人あたり地方税）や労働（完全失業率、産業別就業者）の指標と合わせて見てください。',
      ],
      en: [
        'Each area is coloured by its most specialised industry: of the industries with at least 5 % of the area\'s employees, the one with the highest location quotient. A location quotient is the industry\'s share of the area\'s employees divided by its share in Japan: 2 means twice as concentrated as in Japan. Click an area for its top three industries with their quotients and shares.',
        'Source: private-sector employees in the 2021 Economic Census for Business Activity (MIC and METI, as of June 2021), via NSTAC\'s SSDSE-A 2025. Value added is not published for every municipality, so the map compares employees, which anyone can check. Switch the indicator to a location quotient or share for one industry, or the level to prefectures or regional blocs.',
        '2021 fell in the pandemic, so accommodation and food services may count fewer employees than usual. Public services and unincorporated farms and fisheries are not included, and some employees are counted at head offices. Read it with the finance (current balance ratio, debt service ratio, local tax per resident) and labour (unemployment, employment by sector) indicators.',
      ],
    },
  },
];

// The question whose layer a state shows, if any.
export function questionFor(state, layer, flowLayers) {
  if (!layer) return null;
  for (const q of QUESTIONS) {
    if (q.flow) {
      if (state.overlay && flowLayers.some((f) => f.id === state.overlay)) return q;
      continue;
    }
    if (q.facility) {
      if (layer.id === `${q.layer}/${q.facility}`) return q;
    } else if (layer.id === q.layer && !state.overlay) {
      return q;
    }
  }
  return null;
}
