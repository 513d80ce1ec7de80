using System.Xml.Linq;
using Automations.Core.Ports;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Automations.Host.Dashboard;

/// <summary>
/// The data protection key ring of the console's cookies, kept in the engine's store: a person signed in on
/// one instance of a cluster (or one Functions instance, whose disk does not last) is signed in on all.
/// The key ring caches what it reads and asks again only when a key is due, so these calls are rare.
/// </summary>
public sealed class StoredKeyRing(IConsoleKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
