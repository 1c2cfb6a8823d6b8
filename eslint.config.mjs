// ESLint flat config: recommended JS + TypeScript rules; formatting is prettier's job (`npm run lint` runs both).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["**/dist/**", "**/node_modules/**", ".tools/**", ".data/**", "tools/**"] },
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
