// Automations on Azure Functions: the engine as a custom handler on a Linux Flex Consumption app, a Service
// Bus queue of session jobs (and its dead-letter queue), Azure Database for PostgreSQL as the store, a storage
// account for the Functions host, and a Key Vault that holds every secret. The app reaches all of them with
// its managed identity; secrets reach it only as Key Vault references.
//
//   az deployment group create -g <group> -f infra/main.bicep -p name=<app> postgresAdminPassword=<password>
//
// See the README, "Azure Functions", for the secrets to put in the vault and how to publish the app.

@description('The function app\'s name; the other resources are named after it.')
@minLength(3)
@maxLength(40)
param name string

param location string = resourceGroup().location

@description('The PostgreSQL administrator. The engine connects as this role; its password is kept in Key Vault only.')
param postgresAdminLogin string = 'automations'

@secure()
@description('The PostgreSQL administrator\'s password. It goes into the server and into the vault\'s postgres-connection-string secret, nowhere else.')
param postgresAdminPassword string

@description('Deliveries of a job before Service Bus dead-letters it; the engine gives the session up on the last one.')
@minValue(1)
param maxDeliveryCount int = 10

@description('App settings read from Key Vault secrets: setting name to secret name. Put each secret in the vault before the app starts; add the providers and agents you use (for example Automations__Agents__claude__Env__ANTHROPIC_API_KEY).')
param keyVaultReferences object = {
  Automations__Api__Keys__0: 'api-key'
  Automations__Sources__GitHub__WebhookSecret: 'github-webhook-secret'
  Automations__GitHub__Token: 'github-token'
}

@description('Other app settings, not secret: agents, definitions options, URLs.')
param settings object = {}

@description('Instances the app may scale out to, and each one\'s memory (agents and git need room).')
param maximumInstanceCount int = 20
param instanceMemoryMB int = 4096

var suffix = uniqueString(resourceGroup().id, name)
var storageName = take('st${replace(toLower(name), '-', '')}${suffix}', 24)
var vaultName = take('kv-${name}-${suffix}', 24)
var deploymentContainer = 'app-package'
var queueName = 'sessions'

// Built-in roles the app's identity gets.
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// The Functions host's own storage (timer schedule monitor, locks) and the app's deployment package.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
}

// Session jobs. The handler's worker function takes them; a job that fails maxDeliveryCount times goes to
// sessions/$deadletterqueue. The lock is renewed by the host while a session runs (host.json).
resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: '${name}-bus-${suffix}'
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource sessions 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: serviceBus
  name: queueName
  properties: {
    lockDuration: 'PT5M'
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    requiresSession: false
    requiresDuplicateDetection: false
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${suffix}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'automations'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// Flex Consumption has no fixed outbound addresses without a virtual network: allow Azure's own.
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${database.name};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var keyVaultSettings = union({ Automations__Store__ConnectionString: connectionString.name }, keyVaultReferences)

var appSettings = union(settings, {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  ServiceBusConnection__fullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  Automations__Store__Provider: 'postgres'
  // The app's root is read-only: workspaces and repository mirrors go to the instance's local disk.
  Automations__DataDir: '/tmp/automations'
  Automations__Functions__MaxDeliveryCount: string(maxDeliveryCount)
})

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // A custom handler: the host starts host.json's customHandler executable (the self-contained automations).
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: concat(
        map(items(appSettings), s => { name: s.key, value: s.value }),
        map(items(keyVaultSettings), s => { name: s.key, value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${s.value})' }))
    }
  }
}

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource busAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.serviceBusDataReceiver, roles.serviceBusDataSender]: {
  scope: serviceBus
  name: guid(serviceBus.id, app.id, role)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
  scope: storage
  name: guid(storage.id, app.id, role)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

output functionApp string = app.name
output url string = 'https://${app.properties.defaultHostName}'
output keyVault string = vault.name
output serviceBusNamespace string = serviceBus.name
output deadLetterQueue string = '${queueName}/$deadletterqueue'
output postgresServer string = postgres.properties.fullyQualifiedDomainName
