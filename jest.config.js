// Three projects (unit / integration / e2e) plus the emulator's conformance suite.
// One Redis for the whole run is started by test/support/global-setup.js.
const transform = {
  "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
};
// Per-project timeouts are set in a setup file (jest applies `testTimeout` only globally).
const project = (name, roots, testTimeout) => ({
  displayName: name,
  testEnvironment: "node",
  roots,
  testMatch: ["**/*.test.ts"],
  transform,
  setupFilesAfterEnv: [`<rootDir>/test/support/timeout-${testTimeout}.js`],
});
module.exports = {
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
  projects: [
    project("unit", ["<rootDir>/test/unit"], 10000),
    project("integration", ["<rootDir>/test/integration"], 60000),
    project("emulator", ["<rootDir>/test/lavalink-emulator"], 60000),
    project("e2e", ["<rootDir>/test/e2e"], 180000),
  ],
};
