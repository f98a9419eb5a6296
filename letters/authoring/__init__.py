"""Writing a letter in the browser: a new letter, its texts side by side, preview,
paste damage, amendments after people signed, and earlier texts for the team."""
