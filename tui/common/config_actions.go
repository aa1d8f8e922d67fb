package common

// ActionNames are the action names KeyMap.Rebind knows, in a stable order: what a
// configuration file's keys: section may name.
func ActionNames() []string {
	k := DefaultKeyMap()
	acts := k.actions()
	names := make([]string, len(acts))
	for i, a := range acts {
		names[i] = a.name
	}
	return names
}
