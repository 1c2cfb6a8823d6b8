/**
 * The Partner Center API contract shared by the client and the emulator: codecs and operation specs.
 */
export * from "./codecs";
export * from "./operations";
export * from "./headers";
export * from "./clouds";
export * from "./wire";
export * from "./agreements";
export * from "./limits";
export * from "./consents";
