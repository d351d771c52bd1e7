// Runs before each e2e file. The files share one process (the e2e project's `isolate: false`), and
// the server modules they import (tenant.ts, the reports' roll-ups) read the environment once, at
// their first use: so the app's database is set here, before any file can touch them, instead of by
// whichever file happens to come first.
import { inject } from "vitest";

const appDatabaseUrl = inject("appDatabaseUrl");
if (appDatabaseUrl) process.env.DATABASE_URL = appDatabaseUrl;
