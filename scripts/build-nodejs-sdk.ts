/**
 * Builds the generated Node.js SDK (sdk/nodejs, TypeScript sources) into an installable package: compiled with this
 * repository's TypeScript into `<out>` (default `sdk/nodejs/bin`, git-ignored), with its package.json, whose
 * `${VERSION}` placeholder becomes the provider package's version (the plugin the SDK's resources ask for).
 *
 *     npm run build:sdk-nodejs                  # then, in your project: npm install /path/to/sdk/nodejs/bin
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT } from "./pulumi-env";

const SDK = path.join(REPO_ROOT, "sdk", "nodejs");

/** The provider package's version (provider/package.json). */
export function providerVersion(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "provider", "package.json"), "utf8")) as {
        version: string;
    };
    return manifest.version;
}

/** Compiles sdk/nodejs into `outDir` and writes its package.json there; returns `outDir`. */
export function buildNodejsSdk(outDir: string = path.join(SDK, "bin")): string {
    fs.rmSync(outDir, { recursive: true, force: true });
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", SDK, "--outDir", outDir], {
        stdio: ["ignore", "pipe", "pipe"],
    });
    const manifest = fs.readFileSync(path.join(SDK, "package.json"), "utf8").replace("${VERSION}", providerVersion());
    fs.writeFileSync(path.join(outDir, "package.json"), manifest);
    fs.copyFileSync(path.join(SDK, "README.md"), path.join(outDir, "README.md"));
    return outDir;
}

if (require.main === module) {
    process.stdout.write(`${buildNodejsSdk(process.argv[2] ? path.resolve(process.argv[2]) : undefined)}\n`);
}
