#!/usr/bin/env node
// CommonJS (bin/package.json): an ES module entry point starts a few ms slower.
require("../dist/bin.cjs");
