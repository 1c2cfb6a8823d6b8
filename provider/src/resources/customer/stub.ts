/**
 * The provider Pulumi serializes into every resource's state (`__provider`).
 *
 * It must stay a thin stub: Pulumi serializes local code *by value*, and a by-value copy of real code breaks
 * (a module-level io-ts codec serializes into code that throws `this.validate is not a function` in the provider
 * host) and freezes old code into state. So each method only loads the installed implementation by package name,
 * at call time, from the program's `node_modules`; no credential and no implementation is captured.
 *
 * The provider object handed to Pulumi is this *module's exports object*. Pulumi's closure serializer emits a
 * module found under `node_modules` as `require("<package>/<export>")` — here `require("pulumi-partnercenter/stub")`,
 * a few hundred bytes — instead of copying it. (Inside this repository the package is an npm-workspace symlink;
 * our scripts run programs with `--preserve-symlinks` so the same holds. Without it the stub is copied by value:
 * larger, still credential-free and correct, since every method below is self-contained.)
 *
 * Keep every function here self-contained: no reference to anything outside its own body.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return require("pulumi-partnercenter/implementation").provider.configure(req);
}

export async function check(olds: unknown, news: unknown): ReturnType<Provider["check"]> {
    return require("pulumi-partnercenter/implementation").provider.check(olds, news);
}

export async function diff(id: string, olds: unknown, news: unknown): ReturnType<Provider["diff"]> {
    return require("pulumi-partnercenter/implementation").provider.diff(id, olds, news);
}

export async function create(inputs: unknown): ReturnType<Provider["create"]> {
    return require("pulumi-partnercenter/implementation").provider.create(inputs);
}

export async function read(id: string, props: unknown): ReturnType<Provider["read"]> {
    return require("pulumi-partnercenter/implementation").provider.read(id, props);
}

export async function update(id: string, olds: unknown, news: unknown): ReturnType<Provider["update"]> {
    return require("pulumi-partnercenter/implementation").provider.update(id, olds, news);
}

async function remove(id: string, props: unknown): Promise<void> {
    return require("pulumi-partnercenter/implementation").provider.delete(id, props);
}
export { remove as delete };
