# Reference for packages/classifier/src/training/optimizers.test.ts: PyTorch AdamW and SGD on fixed gradients.
import json, torch
torch.set_default_dtype(torch.float64)
out = {}
for kind in ['adamw', 'sgd']:
    w = torch.nn.Parameter(torch.tensor([[0.5, -1.0], [2.0, 0.25]]))
    b = torch.nn.Parameter(torch.tensor([0.1, -0.2]))
    if kind == 'adamw':
        opt = torch.optim.AdamW([{'params': [w], 'weight_decay': 0.1}, {'params': [b], 'weight_decay': 0.0}], lr=0.01, betas=(0.9, 0.999), eps=1e-8)
    else:
        opt = torch.optim.SGD([{'params': [w], 'weight_decay': 0.1}, {'params': [b], 'weight_decay': 0.0}], lr=0.01, momentum=0.9)
    grads = [([[0.3, -0.2], [0.1, 0.4]], [0.5, -0.5]), ([[-0.1, 0.2], [0.3, -0.4]], [0.2, 0.1]), ([[0.05, 0.05], [-0.2, 0.1]], [-0.3, 0.3])]
    for gw, gb in grads:
        w.grad = torch.tensor(gw); b.grad = torch.tensor(gb); opt.step()
    out[kind] = {'w': w.detach().reshape(-1).tolist(), 'b': b.detach().tolist()}
print(json.dumps(out))
