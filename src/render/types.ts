import { Product } from "../spec/types";

/** One instance's rendered configuration file. */
export interface RenderedConfig {
    instance: string;
    group: string;
    host: string;
    product: Product;
    /** deployment.toml, or deployment.yaml for Streaming Integrator. */
    fileName: string;
    /** Where `render` writes it: `<host>/<instance>/<fileName>`. */
    relativePath: string;
    /** Where the product reads it inside its container image. */
    containerPath: string;
    text: string;
    /** Dotted key paths that hold secrets (`super_admin.password`), sorted; empty when none. */
    secretPaths: string[];
}
