"""From ``content/`` to an installed version: the content kinds' shared types, the registry, YAML reading,
the build pipeline, the pocket guide, and the versioned store that switches versions atomically."""
