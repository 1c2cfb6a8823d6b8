/**
 * Fault injection: rules that make the next matching requests fail in a chosen way, programmatically
 * (`emulator.faults.add(...)`) or through `POST /_emulator/faults`.
 *
 * Phases:
 * - "before" faults fire before routing side effects: nothing was committed (throttle, 5xx, reset, hang, latency).
 * - "after" faults fire once the handler has committed its change: the response is then replaced by a 5xx or the
 *   socket is destroyed without any response, the "response lost after commit" case that idempotent retries
 *   (same `MS-RequestId`) and reconcile-by-domain logic must survive.
 *
 * Counts are decremented synchronously when a rule matches a request; Node handles one request callback at a
 * time, so two concurrent requests can never both consume the last count of a rule.
 */

/** Restrict a rule to some requests; all given fields must match. */
export interface FaultMatch {
    /** Operation spec name (`createCustomer`, `getCustomer`, ...) or an emulator route (`token`). */
    operation?: string;
    /** HTTP method, case-insensitive. */
    method?: string;
}

export type FaultPhase = "before" | "after";

/** 429 with `Retry-After` for the next `count` matching requests (default 1). */
export interface ThrottleFault {
    kind: "throttle";
    count?: number;
    /** Default 1. */
    retryAfterSeconds?: number;
    match?: FaultMatch;
}

/** Answer `status` (ApiFault body) for the next `count` requests (default 1); "after" = commit first. */
export interface StatusFault {
    kind: "status";
    status: 500 | 502 | 503 | 504 | 408;
    count?: number;
    /** Default "before". */
    phase?: FaultPhase;
    match?: FaultMatch;
}

/** Destroy the socket without a response for the next `count` requests (default 1); "after" = commit first. */
export interface ResetFault {
    kind: "reset";
    count?: number;
    /** Default "before". */
    phase?: FaultPhase;
    match?: FaultMatch;
}

/** Delay matching requests by `ms`; without `count` every matching request, until the rule is cleared. */
export interface LatencyFault {
    kind: "latency";
    ms: number;
    count?: number;
    match?: FaultMatch;
}

/** Never answer matching requests (until the client gives up or the server closes); without `count`, all of them. */
export interface HangFault {
    kind: "hang";
    count?: number;
    match?: FaultMatch;
}

/**
 * Commit, then answer the handler's status with this JSON `body` instead of its own, for the next `count` matching
 * requests (default 1): a documented sample the emulator does not produce itself, or a body the client cannot
 * decode after a committed write. Always "after".
 */
export interface BodyFault {
    kind: "body";
    body: unknown;
    count?: number;
    match?: FaultMatch;
}

export type FaultRule = ThrottleFault | StatusFault | ResetFault | LatencyFault | HangFault | BodyFault;

/** A rule as installed: its id and how many requests it will still affect (`undefined` = unlimited). */
export interface ActiveFault {
    id: number;
    rule: FaultRule;
    remaining: number | undefined;
}

/** What to do before routing: an accumulated delay plus at most one terminating fault. */
export interface BeforeFaults {
    delayMs: number;
    /** Labels of every rule that fired, for the request log. */
    labels: string[];
    action?: ThrottleFault | StatusFault | ResetFault | HangFault;
}

export interface RequestFacts {
    operation: string;
    method: string;
}

const STATUSES = new Set([500, 502, 503, 504, 408]);

/** A short label for the request log (`status:503:after`, `throttle`, `latency:200`...). */
export function describeFault(rule: FaultRule): string {
    switch (rule.kind) {
        case "throttle":
            return "throttle";
        case "status":
            return `status:${rule.status}:${rule.phase ?? "before"}`;
        case "reset":
            return `reset:${rule.phase ?? "before"}`;
        case "latency":
            return `latency:${rule.ms}`;
        case "hang":
            return "hang";
        case "body":
            return "body:after";
    }
}

/** Validate a rule received as JSON; throws an `Error` whose message names the bad property. */
export function parseFaultRule(value: unknown): FaultRule {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error("a fault rule must be a JSON object");
    }
    const o = value as Record<string, unknown>;
    const count = optionalCount(o["count"]);
    const match = parseMatch(o["match"]);
    const common = { ...(count !== undefined ? { count } : {}), ...(match ? { match } : {}) };
    const phase = o["phase"];
    if (phase !== undefined && phase !== "before" && phase !== "after") {
        throw new Error("phase must be 'before' or 'after'");
    }
    const phased = phase === undefined ? {} : { phase: phase as FaultPhase };
    switch (o["kind"]) {
        case "throttle": {
            const retry = o["retryAfterSeconds"];
            if (retry !== undefined && (typeof retry !== "number" || !(retry >= 0))) {
                throw new Error("retryAfterSeconds must be a non-negative number");
            }
            return { kind: "throttle", ...common, ...(retry !== undefined ? { retryAfterSeconds: retry } : {}) };
        }
        case "status": {
            const status = o["status"];
            if (typeof status !== "number" || !STATUSES.has(status)) {
                throw new Error("status must be one of 500, 502, 503, 504, 408");
            }
            return { kind: "status", status: status as StatusFault["status"], ...common, ...phased };
        }
        case "reset":
            return { kind: "reset", ...common, ...phased };
        case "latency": {
            const ms = o["ms"];
            if (typeof ms !== "number" || !(ms >= 0)) {
                throw new Error("ms must be a non-negative number");
            }
            return { kind: "latency", ms, ...common };
        }
        case "hang":
            return { kind: "hang", ...common };
        case "body":
            if (!("body" in o)) {
                throw new Error("a body fault needs a body (any JSON value)");
            }
            return { kind: "body", body: o["body"], ...common };
        default:
            throw new Error("kind must be one of throttle, status, reset, latency, hang, body");
    }
}

function optionalCount(value: unknown): number | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new Error("count must be a positive integer");
    }
    return value;
}

function parseMatch(value: unknown): FaultMatch | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        throw new Error("match must be an object");
    }
    const o = value as Record<string, unknown>;
    const match: FaultMatch = {};
    for (const key of ["operation", "method"] as const) {
        const field = o[key];
        if (field !== undefined) {
            if (typeof field !== "string") {
                throw new Error(`match.${key} must be a string`);
            }
            match[key] = field;
        }
    }
    return match;
}

export default class FaultInjector {
    private rules: ActiveFault[] = [];
    private nextId = 1;

    /** Install a rule; returns it with its id. Counts default to 1 for throttle/status/reset. */
    public add(rule: FaultRule): ActiveFault {
        const checked = parseFaultRule(rule);
        const limited =
            checked.kind === "throttle" ||
            checked.kind === "status" ||
            checked.kind === "reset" ||
            checked.kind === "body";
        const active: ActiveFault = {
            id: this.nextId++,
            rule: checked,
            remaining: checked.count ?? (limited ? 1 : undefined),
        };
        this.rules.push(active);
        return { ...active };
    }

    /** Remove one rule by id, or all rules. */
    public clear(id?: number): void {
        this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id);
    }

    /** Installed rules with their remaining counts. */
    public list(): ActiveFault[] {
        return this.rules.map((r) => ({ ...r }));
    }

    /**
     * Consume the "before" faults for a request: every matching latency rule adds its delay, and the first
     * matching terminating rule (throttle, before-phase status/reset, hang) in installation order is taken.
     */
    public takeBefore(facts: RequestFacts): BeforeFaults {
        const result: BeforeFaults = { delayMs: 0, labels: [] };
        for (const active of this.rules) {
            const rule = active.rule;
            if (!matches(rule, facts)) {
                continue;
            }
            if (rule.kind === "latency") {
                result.delayMs += rule.ms;
            } else if (result.action === undefined && rule.kind !== "body" && phaseOf(rule) === "before") {
                result.action = rule;
            } else {
                continue;
            }
            result.labels.push(describeFault(rule));
            this.consume(active);
        }
        this.prune();
        return result;
    }

    /** Consume the first matching "after" fault, if any (called once the handler has committed). */
    public takeAfter(facts: RequestFacts): StatusFault | ResetFault | BodyFault | undefined {
        const active = this.rules.find(
            (r) =>
                (r.rule.kind === "status" || r.rule.kind === "reset" || r.rule.kind === "body") &&
                phaseOf(r.rule) === "after" &&
                matches(r.rule, facts),
        );
        if (!active) {
            return undefined;
        }
        this.consume(active);
        this.prune();
        return active.rule as StatusFault | ResetFault | BodyFault;
    }

    private consume(active: ActiveFault): void {
        if (active.remaining !== undefined) {
            active.remaining -= 1;
        }
    }

    private prune(): void {
        this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0);
    }
}

function phaseOf(rule: FaultRule): FaultPhase {
    if (rule.kind === "body") {
        return "after";
    }
    return rule.kind === "status" || rule.kind === "reset" ? (rule.phase ?? "before") : "before";
}

function matches(rule: FaultRule, facts: RequestFacts): boolean {
    const match = rule.match;
    if (!match) {
        return true;
    }
    if (match.operation !== undefined && match.operation.toLowerCase() !== facts.operation.toLowerCase()) {
        return false;
    }
    return match.method === undefined || match.method.toUpperCase() === facts.method.toUpperCase();
}
