/** The shape of one configuration option, shared by the flag parser and the config-file reader. */

/** The kinds of value an option can hold. */
export type OptionKind = "string" | "int" | "port" | "bool" | "url" | "list" | "duration-ms" | "float";

/** What every option declares. */
export interface OptionBase {
  /** Long flag name without dashes, e.g. `grpc-port`. The env var is `PYRO_GRPC_PORT`. */
  flag: string;
  kind: OptionKind;
  /** One line shown in `--help` and in the README's configuration table. */
  doc: string;
  /** A secret is never echoed in errors or logs. */
  secret?: boolean;
  /** For `string`: the allowed values. */
  choices?: readonly string[];
  /** For `int`/`float`/`duration-ms`: inclusive bounds. */
  min?: number;
  max?: number;
  /** For `string` (and each item of a `list`): an extra check returning the problem, or undefined when the value is fine. */
  check?: (value: string) => string | undefined;
}

/** An option spec; `required: true` or a `default` decides whether the value can be undefined. */
export type OptionSpec = OptionBase & { required?: boolean; default?: unknown };
