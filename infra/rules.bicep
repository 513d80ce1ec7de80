// The rules main.bicep derives names and the PostgreSQL pool from, apart so that they read on their own.
// A rule that a value breaks stops the deployment before anything is created: ARM cannot convert the
// sentence to a number, and its error quotes the sentence.

@export()
@description('Refuses the deployment with the reason (a template cannot throw): the error quotes the sentence.')
func refuse(reason string) string => string(int('Refused: ${reason}'))

@export()
@description('Whether an app name is one: 3-40 letters, digits and hyphens, starting with a letter and ending with a letter or a digit.')
func isValidName(name string) bool => empty(charactersNotAllowed(name)) && contains('abcdefghijklmnopqrstuvwxyz', substring(toLower(name), 0, 1)) && !endsWith(name, '-')

func charactersNotAllowed(name string) string[] => filter(map(range(0, length(name)), i => substring(toLower(name), i, 1)), c => !contains('abcdefghijklmnopqrstuvwxyz0123456789-', c))

// Every name fits its type's rules for any valid app name, and the globally unique ones keep all 13
// characters of the suffix:
// - the app (2-60), its plan, logs, insights and identity: the name in lower case and a word;
// - storage (3-24, lower-case letters and digits): st + 9 of the name's letters and digits + suffix;
// - Key Vault (3-24, no '--', letter first, no '-' last): kv + 9 + suffix;
// - Service Bus (6-50, letter first, no '-' last): sb- + 30 + '-' + suffix;
// - PostgreSQL (3-63, lower case, no '-' first or last): as before, '<name>-pg-<suffix>' in lower case, so
//   an existing server (its data) keeps its name.
@export()
@description('The names of the deployment\'s resources, from the app name and the suffix.')
func names(name string, suffix string) object => {
  app: toLower(name)
  plan: '${toLower(name)}-plan'
  logs: '${toLower(name)}-logs'
  insights: '${toLower(name)}-insights'
  identity: '${toLower(name)}-identity'
  storage: 'st${take(replace(toLower(name), '-', ''), 9)}${suffix}'
  vault: 'kv${take(replace(toLower(name), '-', ''), 9)}${suffix}'
  serviceBus: 'sb-${take(replace(toLower(name), '-', ''), 30)}-${suffix}'
  postgres: toLower('${name}-pg-${suffix}')
}

@export()
@description('The Key Vault secret that holds an app setting: its name in lower case, _ and . as -.')
func secretNameOf(setting string) string => 'setting-${toLower(replace(replace(setting, '_', '-'), '.', '-'))}'

@export()
type PostgresSku =
  | 'Standard_B1ms'
  | 'Standard_B2s'
  | 'Standard_B2ms'
  | 'Standard_B4ms'
  | 'Standard_D2ds_v5'
  | 'Standard_D4ds_v5'
  | 'Standard_D8ds_v5'
  | 'Standard_E2ds_v5'
  | 'Standard_E4ds_v5'

@export()
@description('Connections a server of the sku takes from users: its default max_connections less the 15 Azure reserves (Azure Database for PostgreSQL flexible server, "Limits").')
func userConnections(sku PostgresSku) int => {
  Standard_B1ms: 35
  Standard_B2s: 414
  Standard_B2ms: 844
  Standard_B4ms: 1703
  Standard_D2ds_v5: 844
  Standard_D4ds_v5: 1703
  Standard_D8ds_v5: 3422
  Standard_E2ds_v5: 1703
  Standard_E4ds_v5: 3422
}[sku]

@export()
@description('The tier of a sku: Burstable (B), GeneralPurpose (D) or MemoryOptimized (E).')
func tierOf(sku PostgresSku) string => startsWith(sku, 'Standard_B') ? 'Burstable' : startsWith(sku, 'Standard_D') ? 'GeneralPurpose' : 'MemoryOptimized'

// Connections left for people (psql) and the engine's schema changes at start.
var operatorConnections = 5

// A pool smaller than this starves a worker instance: its two sessions (host.json maxConcurrentCalls) and
// their heartbeats; a larger one is never used.
var minimumPoolSize = 3
var maximumPoolSize = 20

@export()
@description('Instances that may hold connections at once: Flex Consumption scales each function group up to the cap, the HTTP functions and the worker each, and the timer runs on one.')
func connectingInstances(maximumInstanceCount int) int => 2 * maximumInstanceCount + 1

@export()
@description('The pool each instance may open (Maximum Pool Size) so that all of them fit the server; refuses a server too small for the cap.')
func poolSize(sku PostgresSku, maximumInstanceCount int) int =>
  (userConnections(sku) - operatorConnections) / connectingInstances(maximumInstanceCount) >= minimumPoolSize
    ? min(maximumPoolSize, (userConnections(sku) - operatorConnections) / connectingInstances(maximumInstanceCount))
    : int(refuse('postgresSku ${sku} takes ${userConnections(sku)} connections, fewer than ${minimumPoolSize} for each of the ${connectingInstances(maximumInstanceCount)} instances that maximumInstanceCount ${maximumInstanceCount} allows, with ${operatorConnections} left for operators: choose a larger postgresSku or a lower maximumInstanceCount'))
