using System.Xml.Linq;
using Automations.Core.Ports;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Automations.Host.Dashboard;

/// <summary>
/// The data protection key ring of the console's cookies, kept in the engine's store: a person signed in on
/// one instance of a cluster (or one Functions instance, whose disk does not last) is signed in on all.
/// The key ring caches what it reads and asks again only when a key is due, so these calls are rare. The
/// store is found on the first call, not when the pipeline is built: a store that cannot be opened then
/// fails the engine's start with its reason, where the other services open it.
/// </summary>
public sealed class StoredKeyRing(Func<IConsoleKeyStore> find) : IXmlRepository
{
    private readonly Lazy<IConsoleKeyStore> _store = new(find);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. _store.Value.ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        _store.Value.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
