"""The build's machinery: a persistent cache keyed by content, and worker processes.

No MkDocs imports here: ``xinyu check`` uses it too.

- :mod:`.store`: the cache on disk (``.cache/xinyu/`` beside mkdocs.yml), one SQLite file;
- :mod:`.keys`: what a cached result depends on (the plugin's code, file contents, options);
- :mod:`.workers`: process pools whose workers never outlive the process that started them.
"""
