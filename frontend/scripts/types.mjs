// Generates src/generated/api.d.ts from ../openapi/openapi.json, or checks that it is current.
//   node scripts/types.mjs generate   (npm run generate)
//   node scripts/types.mjs check      (npm run check:generated)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const spec = join(root, "..", "openapi", "openapi.json");
const committed = join(root, "src", "generated", "api.d.ts");

function generate(target) {
  execFileSync(
    join(root, "node_modules", ".bin", "openapi-typescript"),
    // A property with a default is optional to send: keep it optional in the types.
    [spec, "-o", target, "--default-non-nullable", "false"],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
}

const command = process.argv[2];
if (command === "generate") {
  generate(committed);
  console.log("wrote src/generated/api.d.ts from openapi/openapi.json");
} else if (command === "check") {
  const scratch = mkdtempSync(join(tmpdir(), "tollgate-types-"));
  try {
    const fresh = join(scratch, "api.d.ts");
    generate(fresh);
    let current = "";
    try {
      current = readFileSync(committed, "utf8");
    } catch {
      current = "";
    }
    if (readFileSync(fresh, "utf8") !== current) {
      console.error("src/generated/api.d.ts is stale: it does not match openapi/openapi.json — run npm run generate");
      process.exit(1);
    }
    console.log("src/generated/api.d.ts matches openapi/openapi.json");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  console.error("usage: node scripts/types.mjs generate|check");
  process.exit(2);
}
