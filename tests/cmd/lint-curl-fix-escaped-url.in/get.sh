curl.exe -s "https://api.security.microsoft.com/api/machines?`$filter=HealthStatus eq 'Active'&`$top=20000"
