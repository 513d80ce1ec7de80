// Automations on Azure Functions: the engine as a custom handler on a Linux Flex Consumption app, a Service
// Bus queue of session jobs (and its dead-letter queue), Azure Database for PostgreSQL as the store, a storage
// account for the Functions host, and a Key Vault that holds every secret. The app reaches all of them as a
// user-assigned identity that holds its roles before the app exists, and every secret it reads is written
// here, so its Key Vault references resolve on its first start.
//
// scripts/azure-deploy.sh deploys it (deployment "automations"): it generates the secrets once and keeps them
// in the vault, then publishes the app. See the README, "Azure Functions".

import { refuse, isValidName, names, secretNameOf, PostgresSku, userConnections, tierOf, connectingInstances, poolSize } from 'rules.bicep'

@description('The function app\'s name (its URL): 3-40 letters, digits and hyphens, starting with a letter and ending with a letter or a digit. The other resources are named after it.')
@minLength(3)
@maxLength(40)
param name string

param location string = resourceGroup().location

@description('The PostgreSQL administrator. The engine connects as this role.')
param postgresAdminLogin string = 'automations'

@secure()
@minLength(16)
@description('The PostgreSQL administrator\'s password, without ";". It goes into the server and the vault, nowhere else.')
param postgresAdminPassword string

@secure()
@minLength(32)
@description('The API key for /api (Automations__Api__Keys__0).')
param apiKey string

@secure()
@minLength(32)
@description('The secret that signs the deployment check\'s delivery (scripts/azure-check.sh).')
param deployCheckSecret string

@description('More app settings to read from Key Vault (Automations__GitHub__Token, Automations__Agents__claude__Env__ANTHROPIC_API_KEY, ...): each gets a secret here, from secretValues.')
param secretSettings string[] = []

@secure()
@description('The values of secretSettings, by setting name.')
param secretValues object = {}

@description('Other app settings, not secret: agents, URLs, options.')
param settings object = {}

@description('Who deploys (an object id): granted Key Vault Secrets Officer on the vault, to read and write its secrets. Empty: nobody.')
param deployerPrincipalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

@description('Recover a soft-deleted vault of the same name (left by a deleted resource group) instead of creating one.')
param recoverKeyVault bool = false

@description('Deliveries of a job before Service Bus dead-letters it; the engine gives the session up on the last one.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int = 10

@description('Instances each function group (the HTTP functions, the worker) may scale out to. Flex Consumption takes 40 at least in most regions.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Each instance\'s memory: agents and git need room.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 4096

@description('The PostgreSQL server\'s size. Its connections, shared by every instance the cap allows, set each instance\'s pool; a server too small for the cap is refused.')
param postgresSku PostgresSku = 'Standard_B2s'

var checkedName = isValidName(name) ? name : refuse('name \'${name}\' is not 3-40 letters, digits and hyphens, starting with a letter and ending with a letter or a digit')
var suffix = uniqueString(resourceGroup().id, name)
var resourceNames = names(checkedName, suffix)
var pool = poolSize(postgresSku, maximumInstanceCount)
var checkedPassword = contains(postgresAdminPassword, ';') ? refuse('postgresAdminPassword must not contain ";", which ends a connection string\'s value') : postgresAdminPassword
var deploymentContainer = 'app-package'
var queueName = 'sessions'
var checkAgent = 'deploycheck'

// Built-in roles.
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  // Send, receive, and the queue's message count, which target-based scaling reads (Microsoft's Flex
  // Consumption Service Bus sample grants it too); Receiver and Sender alone leave scaling off.
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// The app's identity: it exists, and holds its roles, before the app is created.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceNames.identity
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: resourceNames.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: resourceNames.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// The Functions host's own storage (timer schedule monitor, locks) and the app's deployment package.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: resourceNames.storage
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
  name: resourceNames.serviceBus
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
  name: resourceNames.postgres
  location: location
  sku: { name: postgresSku, tier: tierOf(postgresSku) }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: checkedPassword
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
  name: resourceNames.vault
  location: location
  // Found again by scripts/azure-deploy.sh when a deleted resource group left the vault soft-deleted.
  tags: { 'automations-deployment': '${resourceGroup().name}/${toLower(name)}' }
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    createMode: recoverKeyVault ? 'recover' : 'default'
  }
}

// Every secret the app reads, so that no reference points to a secret that is not there.
var ownSecrets = {
  'postgres-connection-string': 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${database.name};Username=${postgresAdminLogin};Password=${checkedPassword};SSL Mode=Require;Maximum Pool Size=${pool}'
  'postgres-admin-password': checkedPassword
  'api-key': apiKey
  'deploy-check-secret': deployCheckSecret
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in ['postgres-connection-string', 'postgres-admin-password', 'api-key', 'deploy-check-secret']: {
  parent: vault
  name: secret
  properties: { value: ownSecrets[secret] }
}]

resource settingSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for setting in secretSettings: {
  parent: vault
  name: secretNameOf(setting)
  tags: { setting: setting }
  properties: { value: secretValues[setting] }
}]

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource busAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: serviceBus
  name: guid(serviceBus.id, identity.id, roles.serviceBusDataOwner)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataOwner)
  }
}

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
  scope: storage
  name: guid(storage.id, identity.id, role)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource deployerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: vault
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: resourceNames.plan
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var keyVaultSettings = union(
  {
    Automations__Store__ConnectionString: 'postgres-connection-string'
    Automations__Api__Keys__0: 'api-key'
    AUTOMATIONS_DEPLOY_CHECK_SECRET: 'deploy-check-secret'
  },
  toObject(secretSettings, s => s, s => secretNameOf(s)))

var appSettings = union(settings, {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  ServiceBusConnection__fullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  Automations__Store__Provider: 'postgres'
  // The app's root is read-only: workspaces and repository mirrors go to the instance's local disk.
  Automations__DataDir: '/tmp/automations'
  Automations__Functions__MaxDeliveryCount: string(maxDeliveryCount)
  // The deployment check's agent (infra/deploy-check): it reads its prompt and changes nothing.
  'Automations__Agents__${checkAgent}__Kind': 'command'
  'Automations__Agents__${checkAgent}__Command': '/bin/sh'
  'Automations__Agents__${checkAgent}__Args__0': '-c'
  'Automations__Agents__${checkAgent}__Args__1': 'cat > /dev/null && echo "deployment check: the agent ran in $PWD"'
})

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: resourceNames.app
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
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
  // The references resolve on the first start: the secrets exist and the identity may read them.
  dependsOn: [secrets, settingSecrets, vaultAccess, busAccess, storageAccess, packages, sessions]
}

output functionApp string = app.name
output url string = 'https://${app.properties.defaultHostName}'
output keyVault string = vault.name
output serviceBusNamespace string = serviceBus.name
output deadLetterQueue string = '${queueName}/$deadletterqueue'
output postgresServer string = postgres.properties.fullyQualifiedDomainName
output postgresPoolSize int = pool
output connectingInstances int = connectingInstances(maximumInstanceCount)
output userConnections int = userConnections(postgresSku)
