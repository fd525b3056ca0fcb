// The one table of constructors that build long-lived, reusable resources: connection
// pools, SDK clients, HTTP transports, compiled regexps and templates. Built inside a
// request handler they are rebuilt for every request of a reused instance. Add an entry
// here and per-request-init reports it (and offers a fix when `results` is known).

/** A result type: `type` in package `pkg` (default: the constructor's own package). */
export interface ResultType {
  /** Import path of the type's package; 'builtin' for `error`. */
  pkg?: string;
  type: string;
  pointer?: boolean;
}

export interface Constructor {
  /** Import path; when it ends in '/', any package below it (AWS SDK v2 services). */
  importPath: string;
  /** Function name, or the type name when `composite` is set. */
  name: string;
  /** `compile`: reported only with constant arguments, fixed by hoisting to a package `var`. */
  kind: 'client' | 'compile';
  /** `T{}` / `&T{}` rather than a call. */
  composite?: boolean;
  /** A method chained on `<pkg>.<chainedOn>(…)`: `template.New("x").Parse(…)`. */
  chainedOn?: string;
  /** Result types; without them no lazy-initialisation fix is offered. */
  results?: ResultType[];
  /** Index of a context.Context argument, replaced by context.Background() when shared. */
  ctxArg?: number;
  /** What it builds, for messages. */
  what: string;
  /** Base for names a fix introduces (`db` → `sharedDB`, `dbOnce`). */
  base: string;
}

const ERROR: ResultType = { pkg: 'builtin', type: 'error' };
const own = (type: string, pointer = true): ResultType => ({ type, pointer });

function clients(importPath: string, names: string[], results: ResultType[] | undefined, base: string, what: string, ctxArg?: number): Constructor[] {
  return names.map((name) => ({ importPath, name, kind: 'client', results, base, what, ctxArg }));
}

const GCP: [string, string, string][] = [
  ['cloud.google.com/go/storage', 'storageClient', 'Cloud Storage client'],
  ['cloud.google.com/go/firestore', 'firestoreClient', 'Firestore client'],
  ['cloud.google.com/go/pubsub', 'pubsubClient', 'Pub/Sub client'],
  ['cloud.google.com/go/pubsub/v2', 'pubsubClient', 'Pub/Sub client'],
  ['cloud.google.com/go/bigquery', 'bigqueryClient', 'BigQuery client'],
  ['cloud.google.com/go/spanner', 'spannerClient', 'Spanner client'],
  ['cloud.google.com/go/datastore', 'datastoreClient', 'Datastore client'],
  ['cloud.google.com/go/secretmanager/apiv1', 'secretClient', 'Secret Manager client'],
];

const REDIS = ['github.com/redis/go-redis/v9', 'github.com/go-redis/redis/v8', 'github.com/go-redis/redis/v7', 'github.com/go-redis/redis'];
const TEMPLATES = ['text/template', 'html/template'];

export const CONSTRUCTORS: readonly Constructor[] = [
  ...clients('database/sql', ['Open'], [own('DB'), ERROR], 'db', 'database connection pool (*sql.DB)'),
  ...clients('github.com/jmoiron/sqlx', ['Open', 'Connect'], [own('DB'), ERROR], 'db', 'database connection pool (*sqlx.DB)'),
  ...clients('github.com/jmoiron/sqlx', ['MustOpen', 'MustConnect'], [own('DB')], 'db', 'database connection pool (*sqlx.DB)'),
  ...clients('github.com/jackc/pgx/v5/pgxpool', ['New'], [own('Pool'), ERROR], 'pool', 'Postgres connection pool', 0),
  ...clients('github.com/jackc/pgx/v5/pgxpool', ['NewWithConfig'], undefined, 'pool', 'Postgres connection pool', 0),
  ...clients('github.com/jackc/pgx/v4/pgxpool', ['Connect'], [own('Pool'), ERROR], 'pool', 'Postgres connection pool', 0),
  ...clients('gorm.io/gorm', ['Open'], [own('DB'), ERROR], 'db', 'GORM database handle'),
  ...clients('github.com/jinzhu/gorm', ['Open'], [own('DB'), ERROR], 'db', 'GORM database handle'),
  ...clients('go.mongodb.org/mongo-driver/mongo', ['Connect'], [own('Client'), ERROR], 'mongoClient', 'MongoDB client', 0),
  ...clients('go.mongodb.org/mongo-driver/v2/mongo', ['Connect'], [own('Client'), ERROR], 'mongoClient', 'MongoDB client'),
  ...REDIS.flatMap((p) => [
    ...clients(p, ['NewClient'], [own('Client')], 'redisClient', 'Redis client'),
    ...clients(p, ['NewClusterClient'], [own('ClusterClient')], 'redisClient', 'Redis cluster client'),
    ...clients(p, ['NewUniversalClient'], [own('UniversalClient', false)], 'redisClient', 'Redis client'),
  ]),
  ...clients('google.golang.org/grpc', ['Dial', 'NewClient'], [own('ClientConn'), ERROR], 'grpcConn', 'gRPC connection'),
  ...clients('google.golang.org/grpc', ['DialContext'], [own('ClientConn'), ERROR], 'grpcConn', 'gRPC connection', 0),
  { importPath: 'net/http', name: 'Client', kind: 'client', composite: true, base: 'httpClient', what: 'HTTP client' },
  { importPath: 'net/http', name: 'Transport', kind: 'client', composite: true, base: 'httpTransport', what: 'HTTP transport (its connection pool)' },
  ...GCP.flatMap(([p, base, what]) => clients(p, ['NewClient'], [own('Client'), ERROR], base, what, 0)),
  ...clients('github.com/aws/aws-sdk-go-v2/config', ['LoadDefaultConfig'], [{ pkg: 'github.com/aws/aws-sdk-go-v2/aws', type: 'Config' }, ERROR], 'awsConfig', 'AWS SDK configuration (credentials chain)', 0),
  ...clients('github.com/aws/aws-sdk-go-v2/service/', ['NewFromConfig'], [own('Client')], 'client', 'AWS SDK client'),
  ...clients('github.com/aws/aws-sdk-go/aws/session', ['NewSession', 'NewSessionWithOptions'], [own('Session'), ERROR], 'awsSession', 'AWS SDK session'),
  ...['MustCompile', 'MustCompilePOSIX'].map((name): Constructor => ({ importPath: 'regexp', name, kind: 'compile', results: [own('Regexp')], base: 're', what: 'compiled regular expression' })),
  ...['Compile', 'CompilePOSIX'].map((name): Constructor => ({ importPath: 'regexp', name, kind: 'compile', base: 're', what: 'compiled regular expression' })),
  ...TEMPLATES.flatMap((p) => [
    ...['ParseFiles', 'ParseGlob', 'ParseFS'].map((name): Constructor => ({ importPath: p, name, kind: 'compile', base: 'tmpl', what: 'parsed template' })),
    { importPath: p, name: 'Parse', chainedOn: 'New', kind: 'compile', base: 'tmpl', what: 'parsed template' } as Constructor,
  ]),
];

/** Function and type names in the table, for the candidate query's predicate. */
export const CONSTRUCTOR_NAMES: readonly string[] = [...new Set(CONSTRUCTORS.map((c) => c.name))].sort();

/** The entry for `<importPath>.<name>` (call or composite), if any. */
export function constructorFor(importPath: string, name: string, composite: boolean): Constructor | undefined {
  return CONSTRUCTORS.find(
    (c) =>
      c.name === name &&
      !c.chainedOn &&
      !!c.composite === composite &&
      (c.importPath === importPath || (c.importPath.endsWith('/') && importPath.startsWith(c.importPath) && !importPath.slice(c.importPath.length).includes('/'))),
  );
}

/** The entry for a method chained on a package call: `<importPath>.<chainedOn>(…).<name>(…)`. */
export function chainedConstructorFor(importPath: string, chainedOn: string, name: string): Constructor | undefined {
  return CONSTRUCTORS.find((c) => c.chainedOn === chainedOn && c.name === name && c.importPath === importPath);
}

/** `template.Must(x, err)` wrappers: their one result is the wrapped constructor's first. */
export const MUST_WRAPPERS: readonly { importPath: string; name: string }[] = [
  { importPath: 'text/template', name: 'Must' },
  { importPath: 'html/template', name: 'Must' },
  { importPath: 'github.com/aws/aws-sdk-go/aws/session', name: 'Must' },
];
