/**
 * The thin provider stub of `ApplicationConsent`, serialized into state as
 * `require("pulumi-partnercenter/application-consent/stub")`. Same pattern as `resources/customer/stub.ts` (see there
 * for why): every method loads the installed implementation by package name at call time and captures nothing.
 *
 * Keep every function here self-contained: no reference to anything outside its own body.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return require("pulumi-partnercenter/application-consent").provider.configure(req);
}

export async function check(olds: unknown, news: unknown): ReturnType<Provider["check"]> {
    return require("pulumi-partnercenter/application-consent").provider.check(olds, news);
}

export async function diff(id: string, olds: unknown, news: unknown): ReturnType<Provider["diff"]> {
    return require("pulumi-partnercenter/application-consent").provider.diff(id, olds, news);
}

export async function create(inputs: unknown): ReturnType<Provider["create"]> {
    return require("pulumi-partnercenter/application-consent").provider.create(inputs);
}

export async function read(id: string, props: unknown): ReturnType<Provider["read"]> {
    return require("pulumi-partnercenter/application-consent").provider.read(id, props);
}

export async function update(id: string, olds: unknown, news: unknown): ReturnType<Provider["update"]> {
    return require("pulumi-partnercenter/application-consent").provider.update(id, olds, news);
}

async function remove(id: string, props: unknown): Promise<void> {
    return require("pulumi-partnercenter/application-consent").provider.delete(id, props);
}
export { remove as delete };
