/** The `render` producer for config files: `<host>/<instance>/deployment.toml` (or .yaml). */
import { Artifact, ArtifactProducer } from "../output/artifacts";

/** Config files may hold passwords, so they are private to their owner whatever they hold today. */
export const CONFIG_FILE_MODE = 0o600;

export const configArtifacts: ArtifactProducer = ({ configs }): Artifact[] =>
    configs.map((c) => ({ path: c.relativePath, content: c.text, mode: CONFIG_FILE_MODE }));
