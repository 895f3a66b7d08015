"""inspect-tui: offline-first inspections of labour-migrant housing and workplaces."""

__version__ = "0.1.0"
