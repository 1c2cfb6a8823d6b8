/**
 * The shared resource kernel (`pulumi-partnercenter/kernel`): the input-check engine, the diff vocabulary, the
 * definition type, the resource-class base and the dynamic-provider adapter every resource is built on.
 */
export * from "./definition";
export * from "./diff";
export * from "./dynamic";
export * from "./fields";
export * from "./import";
export * from "./inputs";
export * from "./resource";
export * from "./shapes";
