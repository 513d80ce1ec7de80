using Automations.Core.Pauses;
using Automations.Core.Ports;
using Automations.Host.Configuration;
using Automations.Host.Definitions;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Automations.Host.Dashboard;

/// <summary>The console: Razor components rendered on the server, its sign-in cookie, its forms' antiforgery.</summary>
public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
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

        // The cookie's ticket is protected with keys kept in the data directory, beside the API key: a
        // restart keeps people signed in.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<AutomationsOptions>, ILoggerFactory>((keys, options, logs) =>
        {
            var folder = Directory.CreateDirectory(options.Value.DataPath("console-keys"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            keys.XmlRepository = new FileSystemXmlRepository(folder, logs);
        });
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
        app.MapAutomationActions();
        app.MapRazorComponents<App>().RequireAuthorization();
        return app;
    }
}
