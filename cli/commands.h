#pragma once
// The subcommands of `rxmap` (cli/main.cpp dispatches; one file each). Each takes the
// arguments after the command name (argv[0] is the command) and returns the exit code;
// bad options throw (boost::program_options errors, std::invalid_argument).
namespace rxmap::cli {

int import_command(int argc, char** argv);        // cli/import_command.cpp
int serve_command(int argc, char** argv);         // cli/serve_command.cpp
int seed_command(int argc, char** argv);          // cli/seed_command.cpp
int export_style_command(int argc, char** argv);  // cli/export_style_command.cpp
int render_command(int argc, char** argv);        // cli/render_command.cpp

}  // namespace rxmap::cli
