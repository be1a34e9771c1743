from linkedin_audit.cli import app

app()
