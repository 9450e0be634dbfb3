enum _PlaceholderContractWatchCore {}
