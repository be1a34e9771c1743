from linkedin_audit.entry import main

main()
