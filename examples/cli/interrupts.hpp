// SIGINT and SIGTERM for the `tally` command: a stop request, never a kill in
// the middle of a write.
//
// install() blocks both signals in the main thread before any other thread
// exists (so every thread inherits the mask) and starts one thread that waits
// for them with sigwait(). That thread is an ordinary thread, not a signal
// handler, so it may request the stop of a std::stop_source, whose callbacks
// take locks. The command passes stop_token() to the library (options.stop,
// batch_options.solver.stop), sees the stop as tally::stopped or a stopped
// batch, prints its message and returns exit_code(). If the command has not
// finished half a second after the signal (stuck reading or writing, or in a
// step that does not poll), or a second signal comes, the waiting thread
// prints the message itself and ends the process with the same code.
#pragma once

#include <stop_token>
#include <string>

namespace tally::cli {

/// Call first thing in main().
void install_interrupts();

/// Requested on SIGINT or SIGTERM.
std::stop_token interrupt_token();

/// The signal received (SIGINT or SIGTERM), 0 when none.
int interrupt_signal();

/// 128 + the signal: 130 for SIGINT, 143 for SIGTERM.
int interrupt_exit_code();

/// "tally: interrupted by SIGINT" followed by `what_then`, on stderr; returns
/// interrupt_exit_code().
int report_interrupt(const std::string& what_then);

/// Call when the command is done, before returning from main(): from then on
/// a signal is not acted on; if the waiting thread is already ending the
/// process, this waits for it.
void finish_interrupts();

}  // namespace tally::cli
