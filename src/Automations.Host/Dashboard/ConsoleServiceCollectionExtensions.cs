using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Host.Definitions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Automations.Host.Dashboard;

/// <summary>The console: Razor components rendered on the server, its sign-in cookie, its forms' antiforgery.</summary>
public static class ConsoleServiceCollectionExtensions
{
    /// <param name="services">The engine's services.</param>
    /// <param name="live">How its live parts follow the engine; <see cref="ConsoleLive.Stream"/> unless said.</param>
    public static IServiceCollection AddConsole(this IServiceCollection services, ConsoleLive? live = null)
    {
        services.AddRazorComponents();
        services.AddSingleton(live ?? ConsoleLive.Stream);
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton(sp => new AutomationView.Sources(
            sp.GetRequiredService<IDefinitionCatalog>(), sp.GetRequiredService<ISessionStore>(), sp.GetRequiredService<IOutcomeStore>(),
            sp.GetRequiredService<AutomationPauses>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<DefinitionFolder>()?.Path));
        services.AddAuthentication(ConsoleAuth.Scheme).AddCookie(ConsoleAuth.Scheme, ConsoleAuth.Configure);
        services.AddAuthorizationBuilder().AddPolicy(ConsoleAuth.OperatorPolicy, p => p.RequireRole("operator"));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "automations.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // The cookie's ticket is protected with keys kept in the store: a restart keeps people signed in, and
        // every instance of a cluster reads the cookie another one issued.
        services.AddDataProtection().SetApplicationName("automations");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) => keys.XmlRepository = new StoredKeyRing(sp.GetRequiredService<IConsoleKeyStore>));
        return services;
    }

    public static WebApplication UseConsole(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/assets/{name}", (string name, HttpContext context, ConsoleAssets assets) => assets.Serve(name, context)).AllowAnonymous();
        app.MapSignIn();
        app.MapSessionActions();
        app.MapDeliveryActions();
        app.MapQueueActions();
        app.MapAutomationActions();
        app.MapRazorComponents<App>().RequireAuthorization();
        return app;
    }
}
