#!/usr/bin/env node
// Runs the built command line; the build (tsc) writes dist/cli.js.
import '../dist/cli.js';
