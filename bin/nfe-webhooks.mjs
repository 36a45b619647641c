#!/usr/bin/env node
// nfe-webhooks: the command-line relay and trigger (scripts/cli.ts), run through tsx from this package.
import { register } from "tsx/esm/api";

register();
await import("../scripts/cli.ts");
