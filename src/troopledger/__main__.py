from troopledger.cli import main

raise SystemExit(main())
