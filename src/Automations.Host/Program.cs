System.Console.WriteLine("automations");
