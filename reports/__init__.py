"""The round report and SSU documents, generated from the database (PDF, Word, Excel, PowerPoint)."""
