// ESLint flat config: recommended JS + TypeScript rules; formatting is prettier's job (`npm run lint` runs both).
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

// The provider's layers, bottom up: each may import only the layers below it (a resource's create path runs
// definition -> lifecycle -> runtime -> client -> API and never back up). Import cycles, type-only ones included,
// are found by dpdm in `npm run lint` (import-x's no-cycle skips type-only imports).
const src = "./provider/src";
const RESOURCE_FOLDERS = ["customer", "agreement", "gdap-relationship", "gdap-access-assignment"];
const layerZones = [
    { target: `${src}/api`, from: [`${src}/client`, `${src}/graph`, `${src}/runtime`, `${src}/resources`] },
    { target: `${src}/client`, from: [`${src}/graph`, `${src}/runtime`, `${src}/resources`] },
    { target: `${src}/graph`, from: [`${src}/runtime`, `${src}/resources`] },
    { target: `${src}/runtime`, from: [`${src}/resources`] },
    // The provider plugin is a front door beside the dynamic provider: it uses the layers, none uses it.
    {
        target: [`${src}/api`, `${src}/client`, `${src}/graph`, `${src}/runtime`, `${src}/resources`],
        from: [`${src}/plugin`],
    },
    {
        target: `${src}/resources/common`,
        from: RESOURCE_FOLDERS.map((f) => `${src}/resources/${f}`),
        message: "the shared kernel serves every resource and depends on none",
    },
    ...RESOURCE_FOLDERS.map((folder) => ({
        target: `${src}/resources/${folder}`,
        from: RESOURCE_FOLDERS.filter((f) => f !== folder).map((f) => `${src}/resources/${f}`),
        message: "no resource folder depends on another: shared code belongs in resources/common",
    })),
];

export default tseslint.config(
    { ignores: ["**/dist/**", "**/node_modules/**", ".tools/**", ".data/**", "tools/**", "sdk/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
            ],
            "no-shadow": "off",
            "@typescript-eslint/no-shadow": "error",
            eqeqeq: ["error", "always"],
        },
    },
    {
        files: ["provider/src/**/*.ts"],
        plugins: { "import-x": importX },
        settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "provider/tsconfig.json" })] },
        rules: { "import-x/no-restricted-paths": ["error", { zones: layerZones }] },
    },
    {
        // The serialized provider stubs (one per resource) must load its implementation with a plain `require` at call time.
        files: ["provider/src/resources/*/stub.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        languageOptions: {
            globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly" },
        },
    },
);
