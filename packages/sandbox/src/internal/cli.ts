/**
 * The `pnpm sandbox` command: typed options (help, clear errors for bad
 * values), then a sandbox served on 127.0.0.1 until the program is
 * interrupted.
 *
 * @internal
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Faults from "../Faults.js"
import * as Seed from "../Seed.js"
import * as Server from "../Server.js"

/** The package version the command reports (`--version`). @internal */
export const version = "0.1.0"

const invalid = (message: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

const between = (name: string, min: number, max: number) => (value: number) =>
  value >= min && value <= max
    ? Effect.succeed(value)
    : invalid(`--${name} takes a value from ${min} to ${max}, not ${value}`)

const rate = (name: string, description: string) =>
  Options.float(name).pipe(
    Options.mapEffect(between(name, 0, 1)),
    Options.withDescription(`${description}: the share of requests, from 0 to 1.`),
    Options.optional
  )

const count = (name: string, description: string) =>
  Options.integer(name).pipe(
    Options.mapEffect(between(name, 0, Number.MAX_SAFE_INTEGER)),
    Options.withDescription(description),
    Options.optional
  )

const SeedFile = Schema.Struct({
  collections: Schema.Record({
    key: Schema.String,
    value: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
  })
})

const latencyPattern = /^(\d+)(?:-(\d+))?$/

const options = {
  port: Options.integer("port").pipe(
    Options.mapEffect(between("port", 0, 65535)),
    Options.withDefault(0),
    Options.withDescription("The port to listen on (127.0.0.1 only); 0 picks a free one.")
  ),
  seed: Options.fileSchema("seed", SeedFile, "json").pipe(
    Options.withDescription(
      "A JSON file with the data to start with, in the shape of Seed.Seed. Default: the seeded marketplace."
    ),
    Options.optional
  ),
  products: count("products", "Adds this many generated products to the buyer's catalog, to try listing at scale."),
  latency: Options.text("latency").pipe(
    Options.mapEffect((text) => {
      const match = latencyPattern.exec(text)
      if (match === null) {
        return invalid(`--latency takes milliseconds (200) or a range (50-200), not ${JSON.stringify(text)}`)
      }
      const min = Number(match[1])
      const max = match[2] === undefined ? undefined : Number(match[2])
      if (max !== undefined && max < min) return invalid(`--latency ${text}: the range ends before it starts`)
      return Effect.succeed<Faults.Options["latency"]>(max === undefined ? min : { min, max })
    }),
    Options.withDescription("Added to each answer: milliseconds (200) or a range (50-200)."),
    Options.optional
  ),
  throttle: rate("throttle", "Answers 429 Too Many Requests"),
  unavailable: rate("unavailable", "Answers 503 Service Unavailable"),
  retryAfter: count("retry-after", "The Retry-After header of 429 and 503 answers, in seconds (default 1)."),
  reset: rate("reset", "Resets the connection before answering"),
  truncate: rate("truncate", "Cuts the body short and closes the connection"),
  faultPaths: Options.text("fault-paths").pipe(
    Options.withDescription(
      "Comma-separated paths that faults apply to (each with everything under it). Default every path."
    ),
    Options.optional
  ),
  faultAuth: Options.boolean("fault-auth").pipe(
    Options.withDescription("Lets faults hit the auth endpoints (/oauth/...) too.")
  ),
  maxFaults: count("max-faults", "Injects at most this many faults."),
  faultSeed: count("fault-seed", "Seeds the fault draws, to replay a run. Default random, printed.")
}

type Parsed = Command.Command.ParseConfig<typeof options>

/** The fault options the flags ask for, or `undefined` when none does. @internal */
export const faultsOf = (parsed: Parsed, randomSeed: () => number): Faults.Options | undefined => {
  const retryAfter = Option.getOrUndefined(parsed.retryAfter)
  const throttle = (value: Option.Option<number>) =>
    Option.getOrUndefined(Option.map(value, (rate) => retryAfter === undefined ? { rate } : { rate, retryAfter }))
  const fault = (value: Option.Option<number>) => Option.getOrUndefined(Option.map(value, (rate) => ({ rate })))
  const chosen: Faults.Options = {
    latency: Option.getOrUndefined(parsed.latency),
    throttle: throttle(parsed.throttle),
    unavailable: throttle(parsed.unavailable),
    reset: fault(parsed.reset),
    truncate: fault(parsed.truncate),
    paths: Option.getOrUndefined(
      Option.map(parsed.faultPaths, (paths) => paths.split(",").filter((path) => path !== ""))
    ),
    maxFaults: Option.getOrUndefined(parsed.maxFaults)
  }
  const any = Object.values(chosen).some((value) => value !== undefined) || parsed.faultAuth
  if (!any) return undefined
  const defined = Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== undefined))
  return { ...defined, auth: parsed.faultAuth, seed: Option.getOrElse(parsed.faultSeed, randomSeed) }
}

const announce = (parsed: Parsed, faults: Faults.Options | undefined) =>
  Effect.gen(function*() {
    const { url } = yield* Server.SandboxServer
    yield* Console.log(`OrderCloud sandbox listening on ${url}`)
    yield* Console.log(`  ORDERCLOUD_BASE_URL=${url}`)
    if (Option.isNone(parsed.seed)) {
      yield* Console.log(`  seller: client credentials ${Seed.adminClientID} / ${Seed.adminClientSecret}`)
      yield* Console.log(
        `          or password ${Seed.adminUsername} / ${Seed.adminPassword} with that client and secret`
      )
      yield* Console.log(
        `  buyer:  password ${Seed.buyerUsername} / ${Seed.buyerPassword} with client ${Seed.storefrontClientID}`
      )
      yield* Console.log(`  guest:  client credentials ${Seed.storefrontClientID} (no secret)`)
    }
    if (Option.isSome(parsed.products)) {
      yield* Console.log(`  products: ${parsed.products.value} generated (p000000, ...)`)
    }
    if (faults !== undefined) {
      const { seed, ...rest } = faults
      yield* Console.log(`  faults: ${JSON.stringify(rest)} (replay with --fault-seed ${seed})`)
    }
    yield* Console.log("Ctrl-C stops it.")
    return yield* Effect.never
  })

/** The command, with its options and what it runs. @internal */
export const command = Command.make("sandbox", options, (parsed) => {
  const faults = faultsOf(parsed, () => Math.floor(Math.random() * 2 ** 31))
  const base = Option.getOrElse(parsed.seed, () => Seed.marketplace)
  const seed = Option.match(parsed.products, { onNone: () => base, onSome: (n) => Seed.withProducts(base, n) })
  return announce(parsed, faults).pipe(
    Effect.provide(Server.layer({ port: parsed.port, seed, faults })),
    Effect.catchTag(
      "ServeError",
      (error) =>
        Console.error(`The sandbox could not listen on port ${parsed.port}: ${String(error.cause)}`).pipe(
          Effect.zipRight(Effect.fail(error))
        )
    )
  )
}).pipe(Command.withDescription("Serves a local OrderCloud sandbox on 127.0.0.1 with a seeded marketplace."))

/** Runs the command on `process.argv`-shaped arguments. @internal */
export const run = Command.run(command, { name: "OrderCloud sandbox", version })
