#!/usr/bin/env node
// Entry point of the `pyro` command. Runs the TypeScript sources through swc, so a fresh
// clone works after `npm ci` and `make gen` without a separate compile step.
require("@swc-node/register");
require("../services/cli/main.ts");
