/**
 * The provider object Pulumi serializes into every resource's state (`__provider`).
 *
 * It must stay a thin stub: Pulumi serializes local code *by value*, and a by-value copy of real code breaks
 * (a module-level io-ts codec serializes into code that throws `this.validate is not a function` in the provider
 * host) and freezes old code into state. So each method only loads the installed implementation by package name,
 * at call time, from the program's `node_modules`. The stub captures no credentials and no implementation; its
 * text does not change when the package is upgraded, so upgrades cause no `__provider` diff.
 *
 * Keep every function here free of references to module-level values other than string constants.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The stub's methods; each body is `require(<package>/implementation).provider.<method>(...)`.
 * `require` here is the provider host's module-scoped `require`, resolving from the program directory.
 */
export const customerProviderStub: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
        return require("pulumi-partnercenter/implementation").provider.configure(req);
    },
    async check(olds, news) {
        return require("pulumi-partnercenter/implementation").provider.check(olds, news);
    },
    async diff(id, olds, news) {
        return require("pulumi-partnercenter/implementation").provider.diff(id, olds, news);
    },
    async create(inputs) {
        return require("pulumi-partnercenter/implementation").provider.create(inputs);
    },
    async read(id, props) {
        return require("pulumi-partnercenter/implementation").provider.read(id, props);
    },
    async update(id, olds, news) {
        return require("pulumi-partnercenter/implementation").provider.update(id, olds, news);
    },
    async delete(id, props) {
        return require("pulumi-partnercenter/implementation").provider.delete(id, props);
    },
};
