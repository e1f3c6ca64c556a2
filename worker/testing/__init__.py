"""Running the product locally: the embedded broker, replica processes and the
cluster helpers the tests, benchmarks and the demo share."""
