/**
 * The one resource-class base of this package's dynamic-provider resources. Every resource class extends
 * {@link PartnerCenterResource}, so none can forget what each must do before it registers:
 * - refuse a credential set in stack config without `--secret` (it would land in state in plaintext);
 * - answer the `import` option with the documented alternative (dynamic providers cannot import,
 *   pulumi/pulumi#3550);
 * - register every output key (the engine only returns outputs whose keys were in the registered props);
 * - mark the resource's secret outputs secret.
 */
import * as pulumi from "@pulumi/pulumi";

import { assertKnownSettingKeys } from "../../runtime/config-keys";
import { assertSecretSettings } from "../../runtime/secret-config";

/** What the base class needs to know of a resource (part of its definition). */
export interface ResourceClassSpec {
    /** The type name, e.g. `IndirectResellerCustomer` (token `partnercenter:index:<typeName>` in the plugin). */
    readonly typeName: string;
    /** Output keys that are not inputs. */
    readonly outputKeys: readonly string[];
    /** Outputs that hold a secret (e.g. a one-time password). */
    readonly secretOutputs: readonly string[];
    /**
     * Outputs whose value is the resource id (e.g. a customer's `tenantId`: Partner Center's customer id is its
     * tenant id). The class exposes them as the id itself, which the engine keeps known through an in-place
     * update in preview; a dynamic provider cannot preview an update, so every other output of an updated
     * resource is unknown there, and a dependent reading it would plan a replacement that `up` never makes.
     * A replacement makes the id unknown, so dependents still see that one.
     */
    readonly idOutputs: readonly string[];
    /** The error for the `import` option: why it cannot work here and what to do instead. */
    readonly importNotSupported: (name: string) => string;
}

/** The module Pulumi serializes as the resource's provider (a thin stub, `require`d by package name). */
export type ProviderStub = pulumi.dynamic.ResourceProvider;

/** The base of every resource class: the guards above, then registration under `partnercenter:<typeName>`. */
export abstract class PartnerCenterResource extends pulumi.dynamic.Resource {
    protected constructor(
        spec: ResourceClassSpec,
        stub: ProviderStub,
        name: string,
        args: object,
        opts?: pulumi.CustomResourceOptions,
    ) {
        // Before anything is registered: a credential in plaintext stack config would end up in state.
        assertSecretSettings();
        // A misspelt key would be ignored and the provider would run with its default (cloud, credentials).
        assertKnownSettingKeys();
        if (opts?.import !== undefined) {
            throw new Error(spec.importNotSupported(name));
        }
        const outputSlots = Object.fromEntries(spec.outputKeys.map((key) => [key, undefined]));
        const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...spec.secretOutputs];
        super(
            stub,
            name,
            // A fresh object: the Resource constructor writes `__provider` into it.
            { ...outputSlots, ...args },
            secretOutputs.length > 0 ? { ...opts, additionalSecretOutputs: secretOutputs } : opts,
            "partnercenter",
            spec.typeName,
        );
        for (const key of spec.idOutputs) {
            Object.defineProperty(this, key, { value: this.id, enumerable: true });
        }
    }
}
