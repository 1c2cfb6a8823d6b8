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

/**
 * A logger for events that come in bursts (throttling waits, retries): the first of a kind is shown at `info`,
 * the next ones of that kind within `windowMs` go to debug, and the next info line of that kind says how many
 * were folded into it. A bulk run of 100 customers prints a few lines per kind, not one per call.
 */
export function summarising(windowMs = 15_000, now: () => number = Date.now): (kind: string, message: string) => void {
    const kinds = new Map<string, { shownAt: number; folded: number }>();
    return (kind, message) => {
        const t = now();
        const seen = kinds.get(kind);
        if (seen && t - seen.shownAt < windowMs) {
            seen.folded++;
            log.debug(message);
            return;
        }
        const folded =
            seen && seen.folded > 0
                ? ` (and ${seen.folded} more like it in the last ${Math.round((t - seen.shownAt) / 1000)} s; ` +
                  `PARTNERCENTER_DEBUG=1 shows each)`
                : "";
        kinds.set(kind, { shownAt: t, folded: 0 });
        log.info(message + folded);
    };
}

/** Waits shorter than this are routine pacing, not news: debug only. */
export const NOTABLE_WAIT_MS = 1_000;
