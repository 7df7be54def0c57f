import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";

async function run(argv: string[]): Promise<{ code: number; err: string }> {
    const err: string[] = [];
    const code = await runCli(argv, () => undefined, (t) => err.push(t));
    return { code, err: err.join("\n") };
}

/** A bad bind address, a too-short wait and a daemon for an unknown host, plus a bad offset elsewhere. */
const SPEC = `
products:
  - { name: is, product: identity-server, version: "7.0.0", instances: [ { offset: -1 } ] }
docker:
  bind: { public: "999.0.0.1" }
  waitTimeoutSeconds: 5
  daemons: { nowhere: "ssh://wso2@192.0.2.1" }
`;

describe("spec files: the docker block is checked by the CLI too", () => {
    const dir = mkdtempSync(join(tmpdir(), "wso2-docker-block-"));
    const spec = join(dir, "spec.yaml");
    writeFileSync(spec, SPEC);

    for (const command of [["plan", spec], ["render", spec, "--out", join(dir, "out")]]) {
        it(`${command[0]}: exits 1 naming every docker problem together with the spec's, and writes nothing`, async () => {
            const { code, err } = await run(command);
            assert.equal(code, 1, err);
            for (const path of ["docker.bind.public", "docker.waitTimeoutSeconds", "docker.daemons.nowhere", "products[0].instances[0].offset"]) {
                assert.match(err, new RegExp(`- ${path.replace(/[.[\]]/g, "\\$&")}: `), path);
            }
            assert.equal(existsSync(join(dir, "out")), false);
        });
    }
});
