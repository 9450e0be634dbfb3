enum _PlaceholderContractWatchStorage {}
