"""PyTorch reference of timm's ``mvitv2_tiny`` (MViTv2-T) for the CPU benches.

timm is not packaged for Debian, so the benches cannot time ``timm.create_model('mvitv2_tiny')``. This module
rebuilds the same network on plain PyTorch (Debian's python3-torch 1.13) with timm's ``state_dict`` names and
shapes, so timm weights load by name, and computes the same function as timm's ``MultiScaleVit`` with the
``mvitv2_tiny`` config (timm/models/mvitv2.py):

- patch embedding: 7x7 convolution, stride 4, padding 3, 3 -> 96 channels, no class token, no absolute positions;
- four stages of depths (1, 2, 5, 2), widths 96 * 2**i, heads 2**i (head width 96), the first block of
  stages 1-3 halving the grid (``expand_attn``: that block's attention widens, its shortcut is a linear layer);
- pooling attention (mode 'conv', pool_first False): one ``qkv`` linear layer, then per head a depthwise 3x3
  convolution (stride 1 or 2 for q, the adaptive kv stride 4, 2, 1, 1 for k and v) and a LayerNorm over the head
  width; decomposed relative positions ('spatial'); the pooled q added back (residual pooling);
- max-pool 3x3 stride 2 on the attention shortcut where the grid halves; MLP ratio 4 with exact GELU;
- LayerNorm eps 1e-6 everywhere; head: final LayerNorm, average over tokens, linear classifier.

``fixtures/golden/mvitv2_tiny.seed0.json`` (timm's logits for SPEC.md's deterministic weights) checks it:
packages/backends/src/reference/torch-mvitv2-reference.test.ts.
"""

from collections import OrderedDict

import torch
from torch import nn
from torch.nn import functional

# timm's MultiScaleVitCfg for mvitv2_tiny, square strides written as one number.
MVITV2_TINY = dict(
    depths=(1, 2, 5, 2),
    embed_dim=96,
    num_heads=1,
    mlp_ratio=4.0,
    stride_q=(1, 2, 2, 2),
    stride_kv_adaptive=4,
    kernel_qkv=3,
    norm_eps=1e-6,
    img_size=224,
    patch_kernel=7,
    patch_stride=4,
)


def kv_strides(stride_q, adaptive):
    """The k/v pooling stride of each stage: the adaptive stride divided by every q stride so far (at least 1)."""
    strides, current = [], adaptive
    for stride in stride_q:
        if stride > 1:
            current = max(current // stride, 1)
        strides.append(current)
    return strides


def relative_table(table, q_length, k_length):
    """Gathers the [q_length, k_length, head_dim] relative embeddings of one axis, q and k on a common scale."""
    q_ratio = max(k_length / q_length, 1.0)
    k_ratio = max(q_length / k_length, 1.0)
    distance = (torch.arange(q_length, device=table.device).unsqueeze(-1) * q_ratio
                - torch.arange(k_length, device=table.device).unsqueeze(0) * k_ratio
                + (k_length - 1) * k_ratio)
    return table[distance.long()]


class PoolingAttention(nn.Module):
    """Multi-head attention whose q, k and v are pooled by per-head depthwise convolutions (timm's MultiScaleAttention)."""

    def __init__(self, dim, dim_out, num_heads, feat_size, stride_q, stride_kv, kernel, eps):
        super().__init__()
        self.num_heads = num_heads
        self.dim_out = dim_out
        head_dim = dim_out // num_heads
        self.scale = head_dim ** -0.5
        self.qkv = nn.Linear(dim, dim_out * 3)
        self.proj = nn.Linear(dim_out, dim_out)
        for name, stride in (('q', stride_q), ('k', stride_kv), ('v', stride_kv)):
            pool = nn.Conv2d(head_dim, head_dim, kernel, stride=stride, padding=kernel // 2, groups=head_dim, bias=False)
            setattr(self, f'pool_{name}', pool)
            setattr(self, f'norm_{name}', nn.LayerNorm(head_dim, eps=eps))
        # One row per relative offset on the larger of the q and kv grids (timm sizes these for a square grid).
        length = 2 * max(feat_size // stride_q, feat_size // stride_kv) - 1
        self.rel_pos_h = nn.Parameter(torch.zeros(length, head_dim))
        self.rel_pos_w = nn.Parameter(torch.zeros(length, head_dim))
        nn.init.trunc_normal_(self.rel_pos_h, std=0.02)
        nn.init.trunc_normal_(self.rel_pos_w, std=0.02)

    @staticmethod
    def pool(x, feat_size, convolution, norm):
        """[B, heads, H*W, head_dim] -> depthwise convolution on each head's grid -> LayerNorm; returns the new grid size."""
        batch, heads, _, head_dim = x.shape
        grid = x.reshape(batch * heads, feat_size[0], feat_size[1], head_dim).permute(0, 3, 1, 2).contiguous()
        grid = convolution(grid)
        pooled_size = (grid.shape[2], grid.shape[3])
        x = grid.reshape(batch, heads, head_dim, -1).transpose(2, 3)
        return norm(x), pooled_size

    def add_relative_positions(self, attention, q, q_size, k_size):
        """Adds q . R_h[y_q, y_k] + q . R_w[x_q, x_k] to every logit (MViTv2's decomposed relative positions)."""
        batch, heads, _, head_dim = q.shape
        q_grid = q.reshape(batch, heads, q_size[0], q_size[1], head_dim)
        along_h = torch.einsum('bnyxc,ykc->bnyxk', q_grid, relative_table(self.rel_pos_h, q_size[0], k_size[0]))
        along_w = torch.einsum('bnyxc,xkc->bnyxk', q_grid, relative_table(self.rel_pos_w, q_size[1], k_size[1]))
        attention = attention.view(batch, heads, q_size[0], q_size[1], k_size[0], k_size[1])
        attention = attention + along_h.unsqueeze(-1) + along_w.unsqueeze(-2)
        return attention.view(batch, heads, q_size[0] * q_size[1], k_size[0] * k_size[1])

    def forward(self, x, feat_size):
        batch, tokens, _ = x.shape
        q, k, v = self.qkv(x).reshape(batch, tokens, 3, self.num_heads, -1).permute(2, 0, 3, 1, 4).unbind(0)
        q, q_size = self.pool(q, feat_size, self.pool_q, self.norm_q)
        k, k_size = self.pool(k, feat_size, self.pool_k, self.norm_k)
        v, _ = self.pool(v, feat_size, self.pool_v, self.norm_v)
        attention = (q * self.scale) @ k.transpose(-2, -1)
        attention = self.add_relative_positions(attention, q, q_size, k_size).softmax(dim=-1)
        x = attention @ v + q  # residual pooling
        x = x.transpose(1, 2).reshape(batch, -1, self.dim_out)
        return self.proj(x), q_size


class Mlp(nn.Module):
    """fc1 -> exact GELU -> fc2."""

    def __init__(self, dim, hidden_dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden_dim)
        self.fc2 = nn.Linear(hidden_dim, dim)

    def forward(self, x):
        return self.fc2(functional.gelu(self.fc1(x)))


class MultiScaleBlock(nn.Module):
    """Pre-norm transformer block; where the width grows, the shortcut is a linear layer on the normed input."""

    def __init__(self, dim, dim_out, num_heads, feat_size, stride_q, stride_kv, config):
        super().__init__()
        eps = config['norm_eps']
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.shortcut_proj_attn = nn.Linear(dim, dim_out) if dim != dim_out else None
        # The shortcut follows q's stride: max-pool with a kernel one wider than the stride.
        self.shortcut_pool_attn = nn.MaxPool2d(stride_q + 1, stride_q, (stride_q + 1) // 2) if stride_q > 1 else None
        self.attn = PoolingAttention(dim, dim_out, num_heads, feat_size, stride_q, stride_kv, config['kernel_qkv'], eps)
        self.norm2 = nn.LayerNorm(dim_out, eps=eps)
        self.mlp = Mlp(dim_out, int(dim_out * config['mlp_ratio']))

    def shortcut(self, x, x_norm, feat_size):
        x = x if self.shortcut_proj_attn is None else self.shortcut_proj_attn(x_norm)
        if self.shortcut_pool_attn is None:
            return x
        batch, _, channels = x.shape
        grid = x.reshape(batch, feat_size[0], feat_size[1], channels).permute(0, 3, 1, 2).contiguous()
        return self.shortcut_pool_attn(grid).reshape(batch, channels, -1).transpose(1, 2)

    def forward(self, x, feat_size):
        x_norm = self.norm1(x)
        attended, pooled_size = self.attn(x_norm, feat_size)
        x = self.shortcut(x, x_norm, feat_size) + attended
        x = x + self.mlp(self.norm2(x))
        return x, pooled_size


class MultiScaleVitStage(nn.Module):
    """A stage's blocks; only the first one changes the width and (by its q stride) the grid."""

    def __init__(self, dim, dim_out, depth, num_heads, feat_size, stride_q, stride_kv, config):
        super().__init__()
        self.blocks = nn.ModuleList()
        for index in range(depth):
            self.blocks.append(MultiScaleBlock(dim, dim_out, num_heads, feat_size, stride_q if index == 0 else 1, stride_kv, config))
            if index == 0:
                feat_size //= stride_q
            dim = dim_out
        self.feat_size = feat_size

    def forward(self, x, feat_size):
        for block in self.blocks:
            x, feat_size = block(x, feat_size)
        return x, feat_size


class MultiScaleVit(nn.Module):
    """timm's MultiScaleVit without class token or absolute positions, classifying the average token."""

    def __init__(self, config, num_classes=1000):
        super().__init__()
        dim = config['embed_dim']
        kernel, stride = config['patch_kernel'], config['patch_stride']
        self.patch_embed = nn.Module()
        self.patch_embed.proj = nn.Conv2d(3, dim, kernel, stride=stride, padding=kernel // 2)
        feat_size = config['img_size'] // stride
        self.stages = nn.ModuleList()
        for index, (depth, stride_q, stride_kv) in enumerate(zip(config['depths'], config['stride_q'], kv_strides(config['stride_q'], config['stride_kv_adaptive']))):
            dim_out = config['embed_dim'] * 2 ** index
            stage = MultiScaleVitStage(dim, dim_out, depth, config['num_heads'] * 2 ** index, feat_size, stride_q, stride_kv, config)
            self.stages.append(stage)
            dim, feat_size = dim_out, stage.feat_size
        self.norm = nn.LayerNorm(dim, eps=config['norm_eps'])
        self.head = nn.Sequential(OrderedDict(drop=nn.Dropout(0.0), fc=nn.Linear(dim, num_classes)))
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.trunc_normal_(module.weight, std=0.02)
                nn.init.zeros_(module.bias)

    def forward_features(self, x):
        """[B, 3, H, W] -> the final LayerNorm's [B, H/32 * W/32, 768] tokens (row-major grid)."""
        x = self.patch_embed.proj(x)
        feat_size = (x.shape[2], x.shape[3])
        x = x.flatten(2).transpose(1, 2)
        for stage in self.stages:
            x, feat_size = stage(x, feat_size)
        return self.norm(x)

    def forward_head(self, x, pre_logits=False):
        x = x.mean(dim=1)
        return x if pre_logits else self.head(x)

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


def mvitv2_tiny(num_classes=1000):
    """MViTv2-T as timm's ``create_model('mvitv2_tiny', num_classes=num_classes)`` builds it (random weights)."""
    return MultiScaleVit(MVITV2_TINY, num_classes=num_classes)
