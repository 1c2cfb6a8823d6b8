/**
 * Logging from the dynamic-provider host process.
 *
 * The host has no engine connection (`@pulumi/pulumi`'s `log.*` fall back to `console.log`, i.e. the plugin's
 * stdout), so messages go to stderr with a level prefix; the CLI passes plugin output through to the user.
 * Nothing logged here may contain a credential: callers pass already-redacted text.
 */
export type LogLevel = "debug" | "info" | "warning" | "error";

export type LogSink = (level: LogLevel, message: string) => void;

const stderrSink: LogSink = (level, message) => {
    if (level === "debug" && !process.env["PARTNERCENTER_DEBUG"]) {
        return;
    }
    process.stderr.write(`${level}: [partnercenter] ${message}\n`);
};

let sink: LogSink = stderrSink;

/** Replace the sink (tests capture messages with it). Returns the previous one. */
export function setLogSink(next: LogSink | undefined): LogSink {
    const previous = sink;
    sink = next ?? stderrSink;
    return previous;
}

export const log = {
    debug: (message: string) => sink("debug", message),
    info: (message: string) => sink("info", message),
    warn: (message: string) => sink("warning", message),
    error: (message: string) => sink("error", message),
};
