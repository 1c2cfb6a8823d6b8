import type { IncomingHttpHeaders } from "http";

import type GraphStore from "../graph/GraphStore";
import type AgreementStore from "../store/AgreementStore";
import type ConsentStore from "../store/ConsentStore";
import { ICustomerStore } from "../store/ICustomerStore";
import { Seed } from "../seed/Seed";
import { RuntimeSettings } from "../settings";

/** What handlers may use besides the request: state, the seed, settings and the clock. */
export interface EmulatorEnvironment {
    readonly store: ICustomerStore;
    /** Attestations and agreements (MCA), in memory. */
    readonly agreements: AgreementStore;
    /** Application consents (CPV consent), in memory. */
    readonly consents: ConsentStore;
    /**
     * The Graph area's GDAP state (relationships, access assignments), which Partner Center operations read for
     * their GDAP prerequisites (application consent); the Graph area serves and writes it.
     */
    readonly gdap: GraphStore;
    readonly seed: Seed;
    readonly settings: RuntimeSettings;
    /** Customer quota; 0 = unlimited. */
    readonly quota: number;
    now(): number;
}

/** The request as every handler sees it, whichever API it serves. */
export interface OperationRequest<Body = unknown> {
    /** Operation spec name. */
    readonly operation: string;
    /** Decoded path parameters. */
    readonly params: Readonly<Record<string, string>>;
    readonly query: URLSearchParams;
    readonly headers: IncomingHttpHeaders;
    /** The body, decoded by the operation's request codec (`undefined` for bodiless operations). */
    readonly body: Body;
}

/** What a Partner Center handler gets: the request, the caller and the environment. */
export interface HandlerContext<Body = unknown> extends OperationRequest<Body> {
    /** The authenticated partner tenant. */
    readonly partnerTenantId: string;
    /** The OAuth flow of the bearer token (`appUser` for tokens the emulator issued without a grant). */
    readonly authFlow: "appUser" | "appOnly";
    readonly env: EmulatorEnvironment;
}

/** A successful (or business-failure) outcome; errors may also be thrown as `EmulatorError`. */
export interface HandlerResult {
    status: number;
    /** JSON body; `undefined` = empty body. */
    body?: unknown;
    headers?: Record<string, string>;
}

/**
 * Handlers are synchronous: each one reads, checks and writes the store without yielding, so requests cannot
 * interleave inside a handler (see `ICustomerStore`).
 */
export type Handler = (ctx: HandlerContext<never>) => HandlerResult;
