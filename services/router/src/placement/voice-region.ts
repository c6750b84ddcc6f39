/**
 * Maps Discord voice endpoints and node region labels onto a few coarse regions, for region
 * affinity. Coarse on purpose: Discord picks a voice server central to the channel's members, so only
 * the continent is a stable signal; "us" stands for North America (Canada included).
 *
 * Endpoint forms handled (first DNS label, case-insensitive, scheme/port/path ignored):
 * - current: `c-<iata><digits>-<hex>.discord.media`, e.g. `c-fra05-1a2b3c4d` → eu / frankfurt;
 *   the three letters are an airport code looked up in `AIRPORT_REGIONS`.
 * - legacy: `<name><digits>.discord.(gg|media)`, optionally `vip-` prefixed, e.g. `us-east1234` →
 *   us / us-east, `rotterdam123` → eu / rotterdam; names in `LEGACY_REGIONS`.
 * Anything else gives null (no affinity), never a guess.
 */

/** The coarse regions placement compares. */
export type CoarseRegion = "us" | "eu" | "asia" | "southamerica" | "oceania" | "africa" | "middleeast";

/** A region derived from a voice endpoint: the coarse region and a finer name (city or legacy name). */
export interface VoiceRegion {
  /** Continent-level region compared with node regions. */
  coarse: CoarseRegion;
  /** City (current endpoints) or Discord's legacy region name; informational and for exact matches. */
  fine: string;
}

/** Airport codes seen in (or plausible for) `c-<iata>NN-…` endpoints, to coarse region and city. */
export const AIRPORT_REGIONS: Readonly<Record<string, VoiceRegion>> = Object.freeze({
  // North America
  iad: { coarse: "us", fine: "ashburn" }, atl: { coarse: "us", fine: "atlanta" },
  ord: { coarse: "us", fine: "chicago" }, dfw: { coarse: "us", fine: "dallas" },
  lax: { coarse: "us", fine: "los-angeles" }, sea: { coarse: "us", fine: "seattle" },
  sjc: { coarse: "us", fine: "santa-clara" }, sfo: { coarse: "us", fine: "san-francisco" },
  ewr: { coarse: "us", fine: "newark" }, jfk: { coarse: "us", fine: "new-york" },
  mia: { coarse: "us", fine: "miami" }, den: { coarse: "us", fine: "denver" },
  phx: { coarse: "us", fine: "phoenix" }, pdx: { coarse: "us", fine: "portland" },
  yyz: { coarse: "us", fine: "toronto" }, yul: { coarse: "us", fine: "montreal" },
  yvr: { coarse: "us", fine: "vancouver" },
  // Europe (Russia included)
  fra: { coarse: "eu", fine: "frankfurt" }, ams: { coarse: "eu", fine: "amsterdam" },
  rtm: { coarse: "eu", fine: "rotterdam" }, lhr: { coarse: "eu", fine: "london" },
  cdg: { coarse: "eu", fine: "paris" }, mad: { coarse: "eu", fine: "madrid" },
  bcn: { coarse: "eu", fine: "barcelona" }, mxp: { coarse: "eu", fine: "milan" },
  lin: { coarse: "eu", fine: "milan" }, arn: { coarse: "eu", fine: "stockholm" },
  hel: { coarse: "eu", fine: "helsinki" }, waw: { coarse: "eu", fine: "warsaw" },
  otp: { coarse: "eu", fine: "bucharest" }, vie: { coarse: "eu", fine: "vienna" },
  zrh: { coarse: "eu", fine: "zurich" }, cph: { coarse: "eu", fine: "copenhagen" },
  osl: { coarse: "eu", fine: "oslo" }, dub: { coarse: "eu", fine: "dublin" },
  lis: { coarse: "eu", fine: "lisbon" }, prg: { coarse: "eu", fine: "prague" },
  bru: { coarse: "eu", fine: "brussels" }, muc: { coarse: "eu", fine: "munich" },
  ber: { coarse: "eu", fine: "berlin" }, mrs: { coarse: "eu", fine: "marseille" },
  svo: { coarse: "eu", fine: "moscow" }, dme: { coarse: "eu", fine: "moscow" },
  led: { coarse: "eu", fine: "st-petersburg" }, ist: { coarse: "eu", fine: "istanbul" },
  // Asia
  sin: { coarse: "asia", fine: "singapore" }, hkg: { coarse: "asia", fine: "hongkong" },
  nrt: { coarse: "asia", fine: "tokyo" }, hnd: { coarse: "asia", fine: "tokyo" },
  kix: { coarse: "asia", fine: "osaka" }, icn: { coarse: "asia", fine: "seoul" },
  bom: { coarse: "asia", fine: "mumbai" }, del: { coarse: "asia", fine: "delhi" },
  maa: { coarse: "asia", fine: "chennai" }, tpe: { coarse: "asia", fine: "taipei" },
  bkk: { coarse: "asia", fine: "bangkok" }, kul: { coarse: "asia", fine: "kuala-lumpur" },
  cgk: { coarse: "asia", fine: "jakarta" }, mnl: { coarse: "asia", fine: "manila" },
  // South America
  gru: { coarse: "southamerica", fine: "sao-paulo" }, gig: { coarse: "southamerica", fine: "rio-de-janeiro" },
  eze: { coarse: "southamerica", fine: "buenos-aires" }, scl: { coarse: "southamerica", fine: "santiago" },
  bog: { coarse: "southamerica", fine: "bogota" }, lim: { coarse: "southamerica", fine: "lima" },
  // Oceania
  syd: { coarse: "oceania", fine: "sydney" }, mel: { coarse: "oceania", fine: "melbourne" },
  bne: { coarse: "oceania", fine: "brisbane" }, per: { coarse: "oceania", fine: "perth" },
  akl: { coarse: "oceania", fine: "auckland" },
  // Africa
  jnb: { coarse: "africa", fine: "johannesburg" }, cpt: { coarse: "africa", fine: "cape-town" },
  nbo: { coarse: "africa", fine: "nairobi" }, los: { coarse: "africa", fine: "lagos" },
  // Middle East
  dxb: { coarse: "middleeast", fine: "dubai" }, auh: { coarse: "middleeast", fine: "abu-dhabi" },
  tlv: { coarse: "middleeast", fine: "tel-aviv" }, bah: { coarse: "middleeast", fine: "bahrain" },
  doh: { coarse: "middleeast", fine: "doha" }, ruh: { coarse: "middleeast", fine: "riyadh" },
});

/** Discord's legacy voice region names (hostname prefixes before the digits), to coarse region. */
export const LEGACY_REGIONS: Readonly<Record<string, CoarseRegion>> = Object.freeze({
  "us-east": "us", "us-west": "us", "us-central": "us", "us-south": "us",
  atlanta: "us", newark: "us", seattle: "us", dallas: "us", oregon: "us", "santa-clara": "us",
  montreal: "us", toronto: "us", canada: "us",
  europe: "eu", "eu-central": "eu", "eu-west": "eu", rotterdam: "eu", amsterdam: "eu",
  frankfurt: "eu", london: "eu", madrid: "eu", milan: "eu", stockholm: "eu", finland: "eu",
  bucharest: "eu", russia: "eu", "st-pete": "eu",
  hongkong: "asia", india: "asia", japan: "asia", singapore: "asia", "south-korea": "asia",
  brazil: "southamerica", "buenos-aires": "southamerica", santiago: "southamerica",
  sydney: "oceania",
  southafrica: "africa", "south-africa": "africa",
  dubai: "middleeast", "tel-aviv": "middleeast", israel: "middleeast",
});

/**
 * First segment of a node region label (before "-"/"_", trailing digits dropped) to coarse region.
 * Covers the coarse names themselves and common cloud naming: AWS `eu-central-1`, `ap-south-1`,
 * `sa-east-1`, `ca-central-1`, `me-south-1`, `af-south-1`; GCP `europe-west1`, `asia-east1`,
 * `northamerica-northeast1`, `southamerica-east1`, `australia-southeast1`, `africa-south1`.
 */
export const LABEL_PREFIX_REGIONS: Readonly<Record<string, CoarseRegion>> = Object.freeze({
  us: "us", na: "us", ca: "us", northamerica: "us",
  eu: "eu", europe: "eu",
  asia: "asia", ap: "asia", apac: "asia",
  southamerica: "southamerica", sa: "southamerica", latam: "southamerica",
  oceania: "oceania", au: "oceania", australia: "oceania",
  africa: "africa", af: "africa",
  middleeast: "middleeast", me: "middleeast", mideast: "middleeast", il: "middleeast",
});

/** Node region labels that mean "no region": such nodes are neutral for affinity. */
export const NEUTRAL_REGION_LABELS: ReadonlySet<string> = new Set(["", "default", "any", "global", "*"]);

const CITY_REGIONS: ReadonlyMap<string, CoarseRegion> = new Map(
  Object.values(AIRPORT_REGIONS).map((r) => [r.fine, r.coarse] as const),
);

/** Own-property lookup, so labels such as "constructor" never hit Object.prototype. */
function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Lowercased, trimmed label. */
export function normalizeRegionLabel(label: string | undefined): string {
  return (label ?? "").trim().toLowerCase();
}

/** Whether a node region label is neutral ("", "default", "any", "global", "*"; any case). */
export function isNeutralRegionLabel(label: string | undefined): boolean {
  return NEUTRAL_REGION_LABELS.has(normalizeRegionLabel(label));
}

/**
 * Derives the region of a Discord voice endpoint such as `us-east1234.discord.media:443` (→ us /
 * us-east) or `c-fra05-1a2b3c4d.discord.media` (→ eu / frankfurt). Returns null for anything not
 * recognised, including empty input. Never throws.
 */
export function regionFromVoiceEndpoint(endpoint: string | undefined): VoiceRegion | null {
  let host = normalizeRegionLabel(endpoint).replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  host = host.split("/")[0]!.split(":")[0]!;
  const label = host.split(".")[0]!;
  if (label === "") return null;

  const current = /^c-([a-z]{3})\d*(?:-|$)/.exec(label);
  if (current) return lookup(AIRPORT_REGIONS, current[1]!) ?? null;

  const name = label.replace(/^vip-/, "").replace(/\d+$/, "");
  const coarse = lookup(LEGACY_REGIONS, name);
  return coarse ? { coarse, fine: name } : null;
}

/**
 * Coarse region of a node (or requested) region label, case-insensitive: a coarse name or alias
 * ("eu", "europe"), a legacy Discord name ("rotterdam", "us-east"), a city ("frankfurt"), an airport
 * code ("fra"), or a cloud-style label whose first segment is known ("eu-west", "us-east-1",
 * "asia-southeast1"). Returns null for neutral and unrecognised labels.
 */
export function coarseRegionOf(label: string | undefined): CoarseRegion | null {
  const l = normalizeRegionLabel(label);
  if (NEUTRAL_REGION_LABELS.has(l)) return null;
  const direct = lookup(LEGACY_REGIONS, l) ?? CITY_REGIONS.get(l) ?? lookup(AIRPORT_REGIONS, l)?.coarse;
  if (direct) return direct;
  const first = l.split(/[-_]/)[0]!.replace(/\d+$/, "");
  return lookup(LABEL_PREFIX_REGIONS, first) ?? null;
}
