"""Made-up directory content for demos, development and scale tests.

Nothing here is a real group, person or address. `load_demo_directory` loads a
small, hand-written directory for one community center in the Denver metro;
`generate_directory` bulk-inserts large synthetic batches across the US.
"""
