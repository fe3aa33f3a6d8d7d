"""Crisis plans and declared health crises (002 annexe 4): storage, services and pages over `cpts.accord.crises`."""
