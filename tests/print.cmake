# Printed maps (tests/test_print_*.cpp, print_support.h): page limits, layout, PNG/PDF/SVG on the real data and
# GET /static/… over HTTP. Reads PDFs with pdftotext/pdftoppm/pdfinfo (Debian poppler-utils);
# writes examples to tests/artifacts/print/.
rxmap_test(test_print SOURCES test_print_page.cpp test_print_render.cpp LIBS rxmap_services rxmap_print PROJ::proj)
