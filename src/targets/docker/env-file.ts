/**
 * `render` output for a spec file's `secrets:` on Docker: `<host>/secrets.env` on every host
 * that runs a server, for `docker run --env-file <host>/secrets.env`, the same variables the
 * component gives every container as `envs`.
 *
 * The format is docker run's, not Compose's: one `NAME=value` per line, the value taken
 * literally up to the end of the line (no quotes, no `$` expansion), `#` only at the start of
 * a line. So a value is written as it is; one with a line break or NUL (which would start
 * a line of its own), or a line too long for docker, was refused by planSpecFile.
 * Mode 0600: the file holds the passwords.
 */
import { Artifact, ArtifactInput, ArtifactProducer } from "../../output/artifacts";
import { envValueProblem, specSecrets } from "../../spec/secrets";

export const ENV_FILE_NAME = "secrets.env";
export const ENV_FILE_MODE = 0o600;

/** The file's text; throws (a program error) on a value the spec check should have refused. */
export function envFileText(secrets: Record<string, string>): string {
    const lines = Object.keys(secrets).sort().map((name) => {
        if (envValueProblem(name, secrets[name]) !== undefined) throw new Error(`secrets.${name}: a value an env file cannot carry reached the env file`);
        return `${name}=${secrets[name]}`;
    });
    return ["# wso2-ports render: the spec's `secrets:`, for docker run --env-file; keep it private", ...lines, ""].join("\n");
}

export const dockerEnvFileArtifacts: ArtifactProducer = (input): Artifact[] => {
    const secrets = specSecrets((input as ArtifactInput & { raw?: unknown }).raw);
    if (Object.keys(secrets).length === 0) return [];
    const content = envFileText(secrets);
    const hosts = [...new Set(input.plan.instances.map((i) => i.host))].sort();
    return hosts.map((host) => ({ path: `${host}/${ENV_FILE_NAME}`, content, mode: ENV_FILE_MODE }));
};
